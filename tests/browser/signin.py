"""Signing in as a staff member of the test world (passwords `pw-<username>-123456`)."""

import re


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}-123456")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/workspace/"))
