// macro_shapes_cxx.cpp: macro_shapes.c built as C++20, so that the
// mps.h macros are checked to expand cleanly in C++ clients too.
#include "macro_shapes.c"
