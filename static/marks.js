/* Marks (agree / disagree) without a page reload, where JavaScript runs.
   Progressive enhancement of the marks forms of a thread (form[data-marks]): the form is sent
   with fetch, its CSRF token included, and the counts and pressed states are updated in place;
   focus stays on the button pressed. Without JavaScript, or if anything goes wrong, the form is
   sent as usual and the server brings the reader back to the post. */
(function () {
  "use strict";

  function update(form, data) {
    var mine = data.mine;
    form.querySelectorAll("button[data-mark]").forEach(function (button) {
      var kind = button.getAttribute("data-mark");
      var value = kind === "agree" ? 1 : -1;
      var pressed = mine === value;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.classList.toggle("is-current", pressed);
      button.value = pressed ? "none" : kind;
      var count = button.querySelector(".count");
      if (count) {
        count.textContent = kind === "agree" ? data.agree : data.disagree;
      }
    });
    var status = form.querySelector("[role=status]");
    if (status) {
      status.textContent = data.status || "";
    }
  }

  function send(form, button) {
    var body = new FormData(form);
    body.append(button.name, button.value);
    form.setAttribute("aria-busy", "true");
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("status " + response.status);
      }
      return response.json();
    }).then(function (data) {
      update(form, data);
      button.focus();
    }).finally(function () {
      form.removeAttribute("aria-busy");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-marks]") || form.hasAttribute("data-plain")) {
      return;
    }
    var button = event.submitter;
    if (!button || !window.fetch || !window.FormData) {
      return;
    }
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") {
      return;
    }
    send(form, button).catch(function () {
      /* Fall back to the ordinary submission, which reloads at the post. */
      form.setAttribute("data-plain", "");
      var fallback = document.createElement("input");
      fallback.type = "hidden";
      fallback.name = button.name;
      fallback.value = button.value;
      form.appendChild(fallback);
      form.submit();
    });
  });
})();
