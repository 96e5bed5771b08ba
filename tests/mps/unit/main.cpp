// main.cpp -- the doctest runner for the unit tests.
//
// Installs an assertion handler that always aborts, as the interface asks
// test suites to do, so that a failed check inside the library can never be
// mistaken for success in the hot variety.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "support.hpp"

int main(int argc, char** argv) {
  mps_test::install_aborting_handler();
  doctest::Context context(argc, argv);
  return context.run();
}
