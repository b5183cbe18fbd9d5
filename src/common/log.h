// File: common/log.h
// The one logger. Library code logs through these macros (spdlog underneath) and never
// prints directly; the CLI decides the level and the sink (standard error).
#pragma once

#include <spdlog/spdlog.h>

#define SAKIMORI_LOG_DEBUG(...) ::spdlog::debug(__VA_ARGS__)
#define SAKIMORI_LOG_INFO(...) ::spdlog::info(__VA_ARGS__)
#define SAKIMORI_LOG_WARN(...) ::spdlog::warn(__VA_ARGS__)
#define SAKIMORI_LOG_ERROR(...) ::spdlog::error(__VA_ARGS__)
