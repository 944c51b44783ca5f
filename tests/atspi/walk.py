#!/usr/bin/python3
"""Walks the real window's onboarding through its accessibility tree (AT-SPI), as a screen reader user would.

On each screen every interactive node must have a name, and no two may share one. Buttons are pressed through
AT-SPI's Action interface; text is typed with xdotool into the focused field (AccessKit's adapter does not offer
EditableText). Prints one line per screen; exits non-zero with the reason on the first problem.
Run by tests/all/atspi_window.rs inside a D-Bus session with the AT-SPI bus started and the app under Xvfb.
"""
import subprocess
import sys
import time

import pyatspi

APP = "bankfeeds-onboard"
WINDOW = "Bank feeds onboarding"
CAPTCHA = sys.argv[1]
# Interactive roles: what a person can press, tick, choose or type into. A scroll bar is egui's own, named by no one.
INTERACTIVE = {
    "push button", "toggle button", "radio button", "check box", "entry", "password text", "combo box",
    "menu item", "link", "spin button", "slider", "text",
}


def fail(why):
    print(f"FAIL: {why}", flush=True)
    sys.exit(1)


def app():
    desktop = pyatspi.Registry.getDesktop(0)
    for _ in range(60):
        for index in range(desktop.childCount):
            child = desktop.getChildAtIndex(index)
            if child is not None and child.name == APP:
                return child
        time.sleep(0.5)
    fail(f"no application named {APP} on the accessibility bus")


def nodes(node):
    try:
        yield node
        for index in range(node.childCount):
            child = node.getChildAtIndex(index)
            if child is not None:
                yield from nodes(child)
    except Exception:  # a node that went away as the screen changed
        return


def screen(application):
    """The window's interactive nodes now, as (role, name, node)."""
    found = []
    for node in nodes(application):
        try:
            role = node.getRoleName()
            if role in INTERACTIVE:
                found.append((role, node.name or "", node))
        except Exception:
            continue
    return found


def check(application, title):
    controls = screen(application)
    unnamed = [role for role, name, _ in controls if not name.strip()]
    if unnamed:
        fail(f"{title}: {len(unnamed)} interactive nodes without a name: {unnamed}")
    names = [name for _, name, _ in controls]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        fail(f"{title}: names used twice on one screen: {twice}")
    print(f"screen {title}: {len(controls)} interactive nodes, all named, none alike", flush=True)


def find(application, role, name, patience=30.0):
    deadline = time.time() + patience
    while time.time() < deadline:
        for found_role, found_name, node in screen(application):
            if found_role == role and found_name == name:
                return node
        time.sleep(0.3)
    fail(f"no {role} named {name!r} appeared")


def wait_for_label(application, text, patience=30.0):
    deadline = time.time() + patience
    while time.time() < deadline:
        for node in nodes(application):
            try:
                if node.getRoleName() == "label" and node.name == text:
                    return
            except Exception:
                continue
        time.sleep(0.3)
    fail(f"the screen {text!r} did not come")


def press(application, name):
    button = find(application, "push button", name)
    action = button.queryAction()
    for index in range(action.nActions):
        if action.getName(index) in ("click", "press", "activate", "default"):
            action.doAction(index)
            return
    action.doAction(0)


def type_keys(*keys):
    subprocess.run(["xdotool", "key", "--delay", "20", *keys], check=True)


def type_text(text):
    subprocess.run(["xdotool", "type", "--delay", "20", text], check=True)


def main():
    application = app()
    # The application is on the bus a moment before its window's tree is: wait for the frame.
    frames = []
    for _ in range(60):
        frames = [node for node in nodes(application) if node.getRoleName() == "frame"]
        if frames and frames[0].name:
            break
        time.sleep(0.5)
    if not frames or frames[0].name != WINDOW:
        fail(f"the window's accessible name is {frames[0].name if frames else None!r}, not {WINDOW!r}")
    print(f"window named {WINDOW!r}", flush=True)
    wait_for_label(application, "Where to onboard")
    check(application, "environment")
    press(application, "Continue")
    wait_for_label(application, "Licence details")
    check(application, "licence")
    press(application, "ACTIVE")
    press(application, "Check the licence with Sage")
    wait_for_label(application, "Organisation")
    check(application, "organisation")
    window = subprocess.run(["xdotool", "search", "--name", WINDOW], capture_output=True, text=True).stdout.split()
    subprocess.run(["xdotool", "windowfocus", "--sync", window[0]], check=True)
    # The step opens with the company name focused; Tab goes from field to field (the language is a list).
    for text in ["Acme Widgets", "NE13 9AA", "62012", "GB123456789"]:
        type_text(text)
        type_keys("Tab")
    type_keys("Tab")  # past the language list
    for text in ["CRM-1001", "ada@acme.test", "1001"]:
        type_text(text)
        type_keys("Tab")
    press(application, "Continue")
    wait_for_label(application, "Confirm you are a person")
    find(application, "push button", "New image")
    type_text(CAPTCHA)
    check(application, "captcha")
    press(application, "Create organisation")
    wait_for_label(application, "Organisation onboarded", patience=60.0)
    check(application, "onboarded")
    print("walked to the organisation onboarded", flush=True)


main()
