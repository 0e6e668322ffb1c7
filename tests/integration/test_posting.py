"""Writing posts in the real app, against mastodon_mock over real HTTP.

Each test checks what the server has afterwards, not only what the screen says.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from mastodon_mock.testing.server import MockServer
from textual.widgets import Input, TextArea

from tests.integration.conftest import SEEDED_POSTS, acct_of, make_app
from tests.integration.posting import (
    STATUSES,
    Recorder,
    client_patched,
    composer_closed,
    drafts,
    open_composer,
    own_statuses,
    status_line,
    timeline_loaded,
)
from tests.integration.wait import wait_for
from tuiclient.drafts import DraftStore
from tuiclient.screens.compose import ComposeScreen
from tuiclient.screens.drafts import DraftsScreen
from tuiclient.screens.timeline import TimelineScreen

# The smallest valid PNG: one transparent pixel.
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


async def test_a_new_post_reaches_the_server_and_leaves_no_draft(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        composer = await open_composer(pilot, app)
        assert f"Posting as @{acct_of(mastodon_mock_server, 'ada')}" in str(
            composer.query_one("#posting-as").render()
        )
        await pilot.press(*"Hello from the terminal")
        await pilot.press("ctrl+s")
        await composer_closed(pilot, app)

    posts = own_statuses(mastodon_mock_server)
    assert [p["content"] for p in posts] == ["<p>Hello from the terminal</p>"]
    assert drafts(mastodon_mock_server) == []


async def test_your_new_post_is_shown_and_selected_at_once_wherever_you_were_reading(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)  # live: the stream brings the post a second time
    async with app.run_test(size=(100, 30)) as pilot:
        view = await timeline_loaded(pilot, app)
        await pilot.press(*"jjjjj")
        await open_composer(pilot, app)
        await pilot.press(*"Just written", "ctrl+s")
        await composer_closed(pilot, app)
        posted = own_statuses(mastodon_mock_server)[0]
        assert view.selected == 0
        assert str(view.selected_item["id"]) == str(posted["id"])  # type: ignore[index]
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        # Neither the refresh nor the stream shows it again, or counts it as new.
        await wait_for(pilot, lambda: app.stream_states.get(screen.account.acct) == "live")
        await pilot.press(".")
        await wait_for(pilot, lambda: "Up to date" in status_line(screen))
        assert screen.unseen == 0
        ids = [str(item["id"]) for item in screen.timeline.items]
        assert ids.count(str(posted["id"])) == 1
        assert "new ↑" not in status_line(screen)


async def test_a_reply_answers_the_post_and_mentions_its_author(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await timeline_loaded(pilot, app)
        graces_post = view.selected_item
        assert graces_post is not None and not isinstance(graces_post, str)
        composer = await open_composer(pilot, app, "r")
        assert composer.query_one("#text", TextArea).text == "@grace "
        await pilot.press("end", *"happy to help")
        await pilot.press("ctrl+s")
        await composer_closed(pilot, app)

    reply = own_statuses(mastodon_mock_server)[0]
    assert str(reply["in_reply_to_id"]) == str(graces_post["id"])  # type: ignore[index]
    assert [m["acct"] for m in reply["mentions"]] == ["grace"]
    assert "happy to help" in reply["content"]


async def test_a_reply_keeps_the_content_warning_and_is_never_more_public(
    mastodon_mock_server: MockServer,
) -> None:
    grace = mastodon_mock_server.client("grace")
    grace.status_post("The ending of the book", spoiler_text="book spoilers", visibility="private")
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await timeline_loaded(pilot, app)
        await wait_for(pilot, lambda: view.post(str(view.selected_item["id"])).spoiler != "")  # type: ignore[index]
        composer = await open_composer(pilot, app, "r")
        await wait_for(pilot, lambda: composer.info.limits.known)
        assert composer.query_one("#cw", Input).value == "book spoilers"
        await pilot.press(*"agreed")
        await pilot.press("ctrl+s")
        await composer_closed(pilot, app)

    reply = own_statuses(mastodon_mock_server)[0]
    assert reply["spoiler_text"] == "book spoilers"
    assert reply["visibility"] == "private"


async def test_ctrl_t_writes_a_content_warning_that_the_server_keeps(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        await open_composer(pilot, app)
        await pilot.press(*"The butler did it")
        await pilot.press("ctrl+t", *"mystery spoilers", "ctrl+s")
        await composer_closed(pilot, app)

    post = own_statuses(mastodon_mock_server)[0]
    assert post["spoiler_text"] == "mystery spoilers"
    assert "The butler did it" in post["content"]


@pytest.mark.parametrize(
    ("presses", "visibility"),
    [(0, "public"), (1, "unlisted"), (2, "private"), (3, "direct")],
)
async def test_ctrl_r_picks_each_visibility_and_the_server_uses_it(
    mastodon_mock_server: MockServer, presses: int, visibility: str
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        composer = await open_composer(pilot, app)
        await wait_for(pilot, lambda: composer.info.limits.known)
        await pilot.press(*f"Only for {visibility}", *["ctrl+r"] * presses, "ctrl+s")
        await composer_closed(pilot, app)

    assert own_statuses(mastodon_mock_server)[0]["visibility"] == visibility


async def test_the_language_field_sets_the_posts_language(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        composer = await open_composer(pilot, app)
        await pilot.press(*"Guten Morgen")
        # Text, then visibility, then language: reachable with tab.
        await pilot.press("tab", "tab")
        assert composer.focused is composer.query_one("#language")
        await pilot.press(*"de", "ctrl+s")
        await composer_closed(pilot, app)

    assert own_statuses(mastodon_mock_server)[0]["language"] == "de"


async def test_a_poll_with_two_options_and_multiple_choice_is_on_the_server(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 40)) as pilot:
        await timeline_loaded(pilot, app)
        composer = await open_composer(pilot, app)
        await pilot.press(*"Tea or coffee?", "ctrl+o")
        await pilot.press(*"Tea", "tab", *"Coffee")
        composer.query_one("#multiple").focus()
        await pilot.press("space", "ctrl+s")
        await composer_closed(pilot, app)

    poll = own_statuses(mastodon_mock_server)[0]["poll"]
    assert [o["title"] for o in poll["options"]] == ["Tea", "Coffee"]
    assert poll["multiple"] is True


async def test_a_poll_needs_two_options_and_says_so(mastodon_mock_server: MockServer) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 40)) as pilot:
        await timeline_loaded(pilot, app)
        composer = await open_composer(pilot, app)
        await pilot.press(*"Only one?", "ctrl+o", *"Yes", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        assert "at least 2 options" in status_line(composer)

    assert own_statuses(mastodon_mock_server) == []


async def test_an_image_with_alt_text_is_uploaded_and_attached(
    mastodon_mock_server: MockServer, tmp_path: Path
) -> None:
    image = tmp_path / "my holiday photo.png"
    image.write_bytes(TINY_PNG)
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 40)) as pilot:
        await timeline_loaded(pilot, app)
        await open_composer(pilot, app)
        await pilot.press(*"Look at this", "ctrl+g")
        await pilot.press(*str(image), "enter", *"One orange pixel", "enter")
        await pilot.press("ctrl+s")
        await composer_closed(pilot, app)

    post = own_statuses(mastodon_mock_server)[0]
    [media] = post["media_attachments"]
    assert media["type"] == "image"
    assert media["description"] == "One orange pixel"
    assert "holiday" not in (media["url"] or ""), "the file's own name left the machine"


async def test_a_file_that_does_not_exist_is_refused_with_the_reason(
    mastodon_mock_server: MockServer, tmp_path: Path
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 40)) as pilot:
        await timeline_loaded(pilot, app)
        composer = await open_composer(pilot, app)
        await pilot.press("ctrl+g", *str(tmp_path / "missing.png"), "enter", *"alt", "enter")
        assert "Cannot read" in status_line(composer)
        assert composer.draft.media == []


async def test_over_the_servers_limit_sending_is_refused_with_the_reason(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        composer = await open_composer(pilot, app)
        await wait_for(pilot, lambda: composer.info.limits.known)
        composer.query_one("#text", TextArea).load_text("x" * 499)  # as if pasted
        await pilot.press(*"yz")
        counter = str(composer.query_one("#counter").render())
        assert counter.startswith("501/500")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        assert "Too long: 501 characters" in status_line(composer)
        # Links count 23 whatever their length, as on the server.
        composer.query_one("#text", TextArea).load_text("y " + "https://example.org/" + "a" * 600)
        await pilot.pause()
        assert str(composer.query_one("#counter").render()) == "25/500"

    assert own_statuses(mastodon_mock_server) == []


async def test_esc_keeps_the_draft_and_the_drafts_list_reopens_it(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        await open_composer(pilot, app)
        await pilot.press(*"Half a thought", "escape")
        await composer_closed(pilot, app)
        [kept] = drafts(mastodon_mock_server)
        assert kept.text == "Half a thought"

        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DraftsScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        composer = app.screen
        assert isinstance(composer, ComposeScreen)
        assert composer.query_one("#text", TextArea).text == "Half a thought"
        await pilot.press("end", *", finished", "ctrl+s")
        await composer_closed(pilot, app)

    assert "Half a thought, finished" in own_statuses(mastodon_mock_server)[0]["content"]
    assert drafts(mastodon_mock_server) == [], "the draft outlived its post"


async def test_typing_is_on_disk_within_a_second_without_closing(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        await open_composer(pilot, app)
        await pilot.press(*"If the power goes now")
        await pilot.pause(1.0)
        on_disk = drafts(mastodon_mock_server)
        assert [d.text for d in on_disk] == ["If the power goes now"]


async def test_a_503_keeps_the_text_and_a_retry_posts_exactly_once(
    mastodon_mock_server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(mastodon_mock_server)
    with client_patched(monkeypatch, Recorder()) as recorder:
        async with app.run_test(size=(100, 30)) as pilot:
            await timeline_loaded(pilot, app)
            composer = await open_composer(pilot, app)
            await pilot.press(*"Second time lucky")
            with mastodon_mock_server.fault(path=STATUSES, methods=["POST"], status=503, count=1):
                await pilot.press("ctrl+s")
                await wait_for(pilot, lambda: "Not sent" in status_line(composer))
            assert "503" in status_line(composer)
            assert isinstance(app.screen, ComposeScreen)
            assert composer.query_one("#text", TextArea).text == "Second time lucky"
            [kept] = drafts(mastodon_mock_server)
            assert kept.text == "Second time lucky"
            assert own_statuses(mastodon_mock_server) == []

            await pilot.press("ctrl+s")
            await composer_closed(pilot, app)

    assert [p["content"] for p in own_statuses(mastodon_mock_server)] == [
        "<p>Second time lucky</p>"
    ]
    assert len(recorder.post_keys) == 2 and recorder.post_keys[0] == recorder.post_keys[1]
    assert recorder.post_keys[0] == kept.idempotency_key
    assert drafts(mastodon_mock_server) == []


async def test_a_timeout_then_a_retry_makes_exactly_one_post(
    mastodon_mock_server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(mastodon_mock_server)
    with client_patched(monkeypatch, Recorder(post_timeout=1.0)) as recorder:
        async with app.run_test(size=(100, 30)) as pilot:
            await timeline_loaded(pilot, app)
            composer = await open_composer(pilot, app)
            await wait_for(pilot, lambda: composer.info.limits.known)
            await pilot.press(*"Slow server today")
            with mastodon_mock_server.fault(
                path=STATUSES, methods=["POST"], type="latency", delay_ms=2500, count=1
            ):
                await pilot.press("ctrl+s")
                await wait_for(pilot, lambda: "Not sent" in status_line(composer))
                assert "Your text is kept; ctrl+s tries again" in status_line(composer)
                await pilot.pause(2.0)  # the delayed request reaches the server's handler
            await pilot.press("ctrl+s")
            await composer_closed(pilot, app)

    assert [p["content"] for p in own_statuses(mastodon_mock_server)] == [
        "<p>Slow server today</p>"
    ]
    assert len(set(recorder.post_keys)) == 1 and len(recorder.post_keys) == 2


async def test_a_post_that_landed_but_whose_answer_was_lost_is_not_made_twice(
    mastodon_mock_server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(mastodon_mock_server)
    with client_patched(monkeypatch, Recorder(lose_first_post=True)):
        async with app.run_test(size=(100, 30)) as pilot:
            await timeline_loaded(pilot, app)
            composer = await open_composer(pilot, app)
            await pilot.press(*"Did this go out?", "ctrl+s")
            await wait_for(pilot, lambda: "Not sent" in status_line(composer))
            assert len(own_statuses(mastodon_mock_server)) == 1, "the first request landed"
            await pilot.press("ctrl+s")
            await composer_closed(pilot, app)

    assert [p["content"] for p in own_statuses(mastodon_mock_server)] == ["<p>Did this go out?</p>"]
    assert drafts(mastodon_mock_server) == []


async def test_text_changed_after_a_lost_answer_is_kept_not_silently_dropped(
    mastodon_mock_server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(mastodon_mock_server)
    with client_patched(monkeypatch, Recorder(lose_first_post=True)):
        async with app.run_test(size=(100, 30)) as pilot:
            await timeline_loaded(pilot, app)
            composer = await open_composer(pilot, app)
            await pilot.press(*"First wording", "ctrl+s")
            await wait_for(pilot, lambda: "Not sent" in status_line(composer))
            await pilot.press("end", *" and more", "ctrl+s")
            await wait_for(pilot, lambda: "earlier attempt" in status_line(composer))
            assert isinstance(app.screen, ComposeScreen)
            assert composer.query_one("#text", TextArea).text == "First wording and more"
            [kept] = drafts(mastodon_mock_server)
            assert kept.text == "First wording and more"
            # Sending again now makes the newer text a post of its own.
            await pilot.press("ctrl+s")
            await composer_closed(pilot, app)

    contents = [p["content"] for p in own_statuses(mastodon_mock_server)]
    assert contents == ["<p>First wording and more</p>", "<p>First wording</p>"]


async def test_a_422_shows_the_servers_own_message_and_keeps_the_text(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        composer = await open_composer(pilot, app)
        await pilot.press(*"Something the server refuses")
        with mastodon_mock_server.fault(
            path=STATUSES,
            methods=["POST"],
            status=422,
            body={"error": "Validation failed: Text contains a word this server blocks"},
            count=1,
        ):
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: "Not sent" in status_line(composer))
        assert "Text contains a word this server blocks" in status_line(composer)
        assert composer.query_one("#text", TextArea).text == "Something the server refuses"
        assert [d.text for d in drafts(mastodon_mock_server)] == ["Something the server refuses"]
        # A refusal is certain: nothing is waiting on the server under this draft's key.
        assert drafts(mastodon_mock_server)[0].unconfirmed == ""

    assert own_statuses(mastodon_mock_server) == []


async def test_the_composer_never_switches_accounts_under_the_writer(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server, "ada", "grace")
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        composer = await open_composer(pilot, app)
        await pilot.press(*"Written as ada")
        composer.query_one("#sensitive").focus()
        # Keys that switch accounts or views elsewhere do nothing here.
        await pilot.press("a", "2")
        await pilot.pause()
        assert app.screen is composer
        composer.text_area.focus()
        await pilot.press("ctrl+s")
        await composer_closed(pilot, app)

    assert len(own_statuses(mastodon_mock_server, "ada")) == 1
    assert own_statuses(mastodon_mock_server, "grace")[0]["content"] == (
        f"<p>Post number {SEEDED_POSTS}</p>"
    )


def test_drafts_of_two_accounts_never_mix(tuiclient_home: Path) -> None:
    from tuiclient.drafts import Draft

    ada, grace = DraftStore("ada@host.example"), DraftStore("grace@host.example")
    ada.save(Draft(text="ada's"))
    assert grace.list() == []
