#pragma once
// libsystemd (linked dynamically; libsystemd0 is on every systemd machine): the journal,
// sd_notify and the watchdog, and sd-bus for the session and system buses.
#include <systemd/sd-bus.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
