// Driver of the kernel tests: runs the cases pytest generated (cases.inc) on the inputs under
// argv[1]/<case>/ (inputs, and the DDR image of cases with memories in DDR) and writes each
// case's outputs next to them (see bcd_test.h).
#include "bcd_test.h"

#include "bcd_context.h"
#include "bcd_dense.h"
#include "bcd_eltwise.h"
#include "bcd_mvau.h"
#include "bcd_pool.h"
#include "bcd_shift.h"
#include "bcd_stream.h"
#include "bcd_tile.h"

#include "cases.inc" // namespaces with run(dir), and run_all(root)

int main(int argc, char **argv) {
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " CASES_DIR" << std::endl;
        return 2;
    }
    run_all(argv[1]);
    return 0;
}
