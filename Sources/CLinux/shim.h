#pragma once
// Linux interfaces the Glibc module leaves out: clock-step and file-change notification.
#include <sys/inotify.h>
#include <sys/timerfd.h>
