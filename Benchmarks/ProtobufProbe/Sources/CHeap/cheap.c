#include <malloc.h>
#include "cheap.h"

// glibc's bytes in use by malloc (mallinfo2 is not exported by Swift's Glibc module).
size_t heap_in_use(void) { return mallinfo2().uordblks; }
