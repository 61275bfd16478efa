#!/usr/bin/python3
"""Keeps KDE Plasma's notifications inhibited (its Do Not Disturb, as an application asks for it)
until ended: Plasma lifts an inhibition when the program that asked for it leaves the bus.

  plasma_inhibit.py BUS    inhibit on the session bus at BUS; prints the cookie, waits for SIGTERM
"""
import signal, sys

import dbus

bus = dbus.bus.BusConnection(sys.argv[1])
server = bus.get_object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
cookie = server.Inhibit("rituals-test", "Do Not Disturb in a test", dbus.Dictionary({}, signature="sv"),
                        dbus_interface="org.freedesktop.Notifications")
print(cookie, flush=True)
signal.sigwait([signal.SIGTERM, signal.SIGINT])
