#pragma once
// Day partitions of netkeel's ClickHouse tables (PARTITION BY toYYYYMMDD(date)): which ones retention may
// drop. Pure.
#include <optional>
#include <string_view>

#include "netkeel/store/batch.hpp"

namespace netkeel::store {

// "20261126" -> the UTC start of that day in ms; nullopt for anything that is not such a day.
std::optional<TimestampMs> partition_day_start_ms(std::string_view partition);

// A day partition may go once its whole day lies before `cutoff_ms` (everything in it is older).
bool partition_expired(TimestampMs day_start_ms, TimestampMs cutoff_ms);

}  // namespace netkeel::store
