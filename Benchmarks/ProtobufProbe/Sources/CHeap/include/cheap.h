#include <stddef.h>
size_t heap_in_use(void);
