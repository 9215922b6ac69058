"""Signing in as a staff member of the test world (passwords `pw-<username>-123456`)."""

import re

SESSION_ONLY = "session"


def sign_in(page, username: str, *, then: str = "", clear: bool | str = True,
            password: str = "") -> None:
    """Sign in through the login form and wait for the page it leads to (`then`, or the
    workspace). `clear`: True signs out first by dropping every cookie, SESSION_ONLY drops the
    session alone (the display mode and language stay), False keeps them all."""
    if clear == SESSION_ONLY:
        page.context.clear_cookies(name="sessionid")
    elif clear:
        page.context.clear_cookies()
    page.goto(f"/accounts/login/?next={then}" if then else "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or f"pw-{username}-123456")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(then) + "$") if then else re.compile(r"/workspace/"))
