#pragma once
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
