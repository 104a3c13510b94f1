#ifndef VERBINDER_CGRAPHVIZ_SHIM_H
#define VERBINDER_CGRAPHVIZ_SHIM_H
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#endif
