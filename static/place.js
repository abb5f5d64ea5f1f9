/* Council: keeps the reader's place across a language switch (an enhancement; without JavaScript
   the switch keeps the page, its query and its page of posts, and opens at the top).
   A browser never sends an address's #fragment to the server, so at the moment a language link
   (a[hreflang]) is followed, this adds the post or section the reader is looking at: the address's
   own #fragment while its target is on screen, otherwise the first post, section or heading with
   an id whose bottom is below the (sticky) header. At the top of the page nothing is added. */
(function () {
  "use strict";
  // Most precise first: a post, then a heading or list entry, then a whole section.
  var PLACES = ["main article[id]", "main h2[id], main h3[id], main li[id]", "main section[id]"];

  function headerBottom() {
    var header = document.querySelector(".site-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  // On screen: more than its last two lines show below the header.
  function onScreen(el) {
    var r = el.getBoundingClientRect();
    return r.bottom > headerBottom() + 48 && r.top < window.innerHeight;
  }

  function place() {
    var hash = window.location.hash;
    if (hash.length > 1) {
      var target = document.getElementById(decodeURIComponent(hash.slice(1)));
      if (target && target.id !== "main" && onScreen(target)) return hash;
    }
    if (window.scrollY < 40) return "";
    for (var g = 0; g < PLACES.length; g++) {
      var candidates = document.querySelectorAll(PLACES[g]);
      for (var i = 0; i < candidates.length; i++) {
        if (onScreen(candidates[i])) return "#" + candidates[i].id;
      }
    }
    return "";
  }

  function follow(event) {
    var link = event.target.closest ? event.target.closest("a[hreflang]") : null;
    if (!link) return;
    var anchor = place();
    link.href = link.href.split("#")[0] + anchor;
  }

  document.addEventListener("click", follow);
  document.addEventListener("auxclick", follow);
})();
