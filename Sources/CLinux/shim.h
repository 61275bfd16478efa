#pragma once
// Linux interfaces the Glibc module leaves out: clock-step and file-change notification, and
// glibc's malloc tuning.
#include <malloc.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
