// esrd: the TIS side of the Streamlined ESR and Doctors in Training Interface.
#include "esr/cli/app.hpp"

int main(int argc, char** argv) { return esr::cli::run_main(argc, argv); }
