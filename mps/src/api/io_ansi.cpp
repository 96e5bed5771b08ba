// io_ansi.cpp -- the ANSI plinth's I/O module (mpsio.h; mps-interface.md
// 17): the stream the telemetry system writes to.  A stream is a C FILE
// opened for binary writing on $MPS_TELEMETRY_FILENAME, default "mpsio.log".
//
// The library emits no telemetry events yet (docs/compat.md), so nothing in
// it opens a stream; the module is complete for clients and replacement
// plinths that use it.
#include <cstdio>
#include <cstdlib>

#include "api/api_internal.hpp"
#include "mpsio.h"

namespace {

std::FILE* file_of(mps_io_t io) { return reinterpret_cast<std::FILE*>(io); }

}  // namespace

extern "C" MPS_EXPORT mps_res_t mps_io_create(mps_io_t* io_o) {
  API_CHECK_NOT_NULL("mps_io_create", io_o);
  const char* name = std::getenv("MPS_TELEMETRY_FILENAME");
  if (name == nullptr || name[0] == '\0') name = "mpsio.log";
  std::FILE* file = std::fopen(name, "wb");
  if (file == nullptr) return MPS_RES_IO;
  *io_o = reinterpret_cast<mps_io_t>(file);
  return MPS_RES_OK;
}

extern "C" MPS_EXPORT void mps_io_destroy(mps_io_t io) {
  API_CHECK_NOT_NULL("mps_io_destroy", io);
  std::fclose(file_of(io));
}

extern "C" MPS_EXPORT mps_res_t mps_io_write(mps_io_t io, void* buf, size_t size) {
  API_CHECK_NOT_NULL("mps_io_write", io);
  API_ASSERT(buf != nullptr || size == 0, "mps_io_write: buf is NULL");
  if (size == 0) return MPS_RES_OK;
  return std::fwrite(buf, 1, size, file_of(io)) == size ? MPS_RES_OK : MPS_RES_IO;
}

extern "C" MPS_EXPORT mps_res_t mps_io_flush(mps_io_t io) {
  API_CHECK_NOT_NULL("mps_io_flush", io);
  return std::fflush(file_of(io)) == 0 ? MPS_RES_OK : MPS_RES_IO;
}
