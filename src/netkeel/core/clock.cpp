#include "netkeel/core/clock.hpp"

#include <thread>

namespace netkeel {

void SystemClock::sleep_for(Nanoseconds duration) const { std::this_thread::sleep_for(duration); }

}  // namespace netkeel
