"""The thread of an agenda item: posting, replying, permalinks, editing and its history,
withdrawing, marks, translations, and revealing the author of an anonymous post to a facilitator.

The thread itself is shown on the item page (agendas.item) through queries.thread and
templates/deliberations/_thread.html."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from council.agendas.models import AgendaItem
from council.core import refusals
from council.core.web import format_count
from council.core.refusals import NotAllowed, Refusal
from council.councils.models import Council
from council.deliberations import queries, services
from council.deliberations.forms import ComposeForm, EditForm, ReactForm, TranslateForm
from council.deliberations.models import Post
from council.extensions import db, limiter
from council.permissions import Permission, can, council_required

bp = Blueprint("deliberations", __name__, url_prefix="/councils/<int:council_id>/agenda/<int:item_id>/posts")


def _posting_limit() -> str:
    return current_app.config["RATELIMIT_POSTING"]


def _posting_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    from council.extensions import client_address

    return f"address:{client_address()}"


# Posts, edits and translations share one budget per account.
posting_limit = limiter.shared_limit(_posting_limit, scope="posting", key_func=_posting_key, methods=["POST"])


def _item(council: Council, item_id: int) -> AgendaItem:
    return db.first_or_404(db.select(AgendaItem).filter_by(id=item_id, council_id=council.id))


def _participant(council: Council) -> None:
    if not can(current_user, Permission.PARTICIPATE, council):
        abort(403)


def _permalink(post: Post, **args):
    return url_for(".permalink", council_id=post.council_id, item_id=post.item_id, post_id=post.id, **args)


def _refuse(error: Refusal):
    if isinstance(error, NotAllowed):
        abort(403)
    abort(400)


def _reply_target(item: AgendaItem, form: ComposeForm) -> Post | None:
    """The post a refused reply was meant for, to show it again above the form."""
    if form.reply_to_id is None or "reply_to" in form.errors:
        return None
    post = db.session.scalar(queries.post_query().where(Post.id == form.reply_to_id, Post.item_id == item.id))
    return post if post is not None and post.is_visible else None


def _compose_page(council, item, form, reply=None, status=200):
    viewer = queries.viewer_for(current_user, item)
    reply_view = queries.post_view(reply, viewer) if reply is not None else None
    return render_template("deliberations/compose.html", council=council, item=item, form=form,
                           reply=reply_view), status


@bp.post("")
@posting_limit
@council_required(Permission.VIEW_AGENDA, deny=404)
def create(council: Council, item_id: int):
    """Add a post (or a reply) to the thread."""
    item = _item(council, item_id)
    _participant(council)
    if item.status != "open":
        flash(_("Deliberation on this item is closed; the thread can no longer be changed."), "error")
        return redirect(url_for("agendas.item", council_id=council.id, item_id=item.id))
    form = ComposeForm(allow_anonymous=bool(council.allow_anonymous))
    if not form.validate_on_submit():
        return _compose_page(council, item, form, reply=_reply_target(item, form), status=400)
    try:
        post, created = services.create_post(
            item, actor=current_user, body=form.body.data, kind=form.kind.data, language=form.language.data,
            reply_to_id=form.reply_to_id, anonymous=bool(form.anonymous.data) if "anonymous" in form else False,
            submission_key=form.submission_key.data,
        )
    except NotAllowed as error:
        refusals.show(error)
        return redirect(url_for("agendas.item", council_id=council.id, item_id=item.id))
    except Refusal as error:
        error.field = error.field or "body"
        refusals.show(error, form)
        return _compose_page(council, item, form, reply=_reply_target(item, form), status=400)
    if created:
        flash(_("Your post was added."), "success")
    else:
        flash(_("This form had already been sent; your post was added once."), "info")
    return redirect(_permalink(post))


@bp.get("/<int:post_id>/reply")
@council_required(Permission.VIEW_AGENDA, deny=404)
def reply(council: Council, item_id: int, post_id: int):
    """A page to reply to one post, for use without JavaScript."""
    item = _item(council, item_id)
    post = queries.load_post(item, post_id)
    _participant(council)
    if item.status != "open" or not post.is_visible:
        flash(_("You cannot reply to this post."), "error")
        return redirect(_permalink(post))
    form = ComposeForm(formdata=None, allow_anonymous=bool(council.allow_anonymous), reply_to=str(post.id),
                       language=queries.viewer_for(current_user, item).language, kind="contribution")
    return _compose_page(council, item, form, reply=post)


@bp.get("/<int:post_id>")
@council_required(Permission.VIEW_AGENDA, deny=404)
def permalink(council: Council, item_id: int, post_id: int):
    """The page of the thread that holds a post, scrolled to it."""
    item = _item(council, item_id)
    post = queries.load_post(item, post_id)
    args = {"after": queries.page_anchor(post)}
    if request.args.get("original", type=int) == post.id:
        args["original"] = post.id
    target = url_for("agendas.item", council_id=council.id, item_id=item.id,
                     **{k: v for k, v in args.items() if v is not None})
    return redirect(f"{target}#post-{post.id}")


@bp.route("/<int:post_id>/edit", methods=["GET", "POST"])
@posting_limit
@council_required(Permission.VIEW_AGENDA, deny=404)
def edit(council: Council, item_id: int, post_id: int):
    """The author changes their post; the earlier text is kept in its history."""
    item = _item(council, item_id)
    post = queries.load_post(item, post_id)
    _participant(council)
    if post.author_id != current_user.id or item.status != "open" or not post.is_visible:
        abort(403)
    form = EditForm(body=post.body)
    if form.validate_on_submit():
        try:
            changed = services.edit_post(post, actor=current_user, body=form.body.data)
        except Refusal as error:
            _refuse(error)
        if changed:
            flash(_("Your post was changed. The earlier text is kept in its history."), "success")
        return redirect(_permalink(post))
    view = queries.post_view(post, queries.viewer_for(current_user, item))
    return render_template("deliberations/edit.html", council=council, item=item, post=view, form=form), \
        (400 if form.errors else 200)


@bp.get("/<int:post_id>/history")
@council_required(Permission.VIEW_AGENDA, deny=404)
def history(council: Council, item_id: int, post_id: int):
    """The earlier texts of an edited post."""
    item = _item(council, item_id)
    post = queries.load_post(item, post_id)
    viewer = queries.viewer_for(current_user, item)
    if not queries.may_see_history(post, viewer):
        abort(404)
    return render_template("deliberations/history.html", council=council, item=item,
                           post=queries.post_view(post, viewer), revisions=queries.revisions(post))


@bp.post("/<int:post_id>/withdraw")
@council_required(Permission.VIEW_AGENDA, deny=404)
def withdraw(council: Council, item_id: int, post_id: int):
    """The author takes back their post; a placeholder stays."""
    item = _item(council, item_id)
    post = queries.load_post(item, post_id)
    try:
        services.withdraw_post(post, actor=current_user)
    except Refusal as error:
        _refuse(error)
    flash(_("Your post was withdrawn. Its text is erased; a note in the thread says it was withdrawn."), "success")
    return redirect(_permalink(post))


@bp.post("/<int:post_id>/react")
@council_required(Permission.VIEW_AGENDA, deny=404)
def react(council: Council, item_id: int, post_id: int):
    """Mark a post agree or disagree, or take the mark back (value=agree|disagree|none)."""
    item = _item(council, item_id)
    post = queries.load_post(item, post_id)
    _participant(council)
    form = ReactForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        mine = services.react(post, actor=current_user, value=form.value.data)
    except Refusal as error:
        _refuse(error)
    if _wants_json():  # static/marks.js: the counts are updated in place, without a reload
        return jsonify(agree=format_count(post.agree_count), disagree=format_count(post.disagree_count), mine=mine or 0,
                       status=_mark_status(mine))
    return redirect(_permalink(post))  # without JavaScript: back at the post


def _wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def _mark_status(mine: int | None) -> str:
    if mine == 1:
        return _("You agree. Press again to take back your mark.")
    if mine == -1:
        return _("You disagree. Press again to take back your mark.")
    return ""


@bp.route("/<int:post_id>/translate", methods=["GET", "POST"])
@posting_limit
@council_required(Permission.VIEW_AGENDA, deny=404)
def translate(council: Council, item_id: int, post_id: int):
    """Add a translation of a post into another language."""
    item = _item(council, item_id)
    post = queries.load_post(item, post_id)
    _participant(council)
    if item.status != "open" or not post.is_visible:
        abort(403)
    viewer = queries.viewer_for(current_user, item)
    translations = queries.translations_of(post)
    taken = {post.language, *(t.language for t in translations)}
    default = viewer.language if viewer.language not in taken else None
    form = TranslateForm(source_language=post.language, taken=taken, language=default)
    if form.validate_on_submit():
        try:
            services.add_translation(post, actor=current_user, language=form.language.data, body=form.body.data)
        except NotAllowed as error:
            _refuse(error)
        except Refusal as error:
            error.field = error.field or "language"
            refusals.show(error, form)
        else:
            flash(_("Thank you: your translation was added."), "success")
            return redirect(_permalink(post))
    return render_template(
        "deliberations/translate.html", council=council, item=item, post=queries.post_view(post, viewer),
        original=post, form=form, translations=translations, viewer=viewer, translator_name=queries.translator_name,
    ), (400 if form.errors else 200)


@bp.post("/<int:post_id>/reveal")
@council_required(Permission.SEE_ANONYMOUS, deny=404)
def reveal(council: Council, item_id: int, post_id: int):
    """A facilitator sees who wrote an anonymous post (audit-logged), shown on the thread."""
    item = _item(council, item_id)
    post = queries.load_post(item, post_id)
    try:
        services.reveal_author(post, actor=current_user)
    except Refusal as error:
        _refuse(error)
    queries.remember_revealed(post.id)
    flash(_("The author's name is now shown on the post. This view was written to the audit log."), "info")
    return redirect(_permalink(post))
