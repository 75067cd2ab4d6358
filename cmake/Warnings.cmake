# One interface target carries the warning flags; every esrd target links it.
add_library(esr_warnings INTERFACE)
target_compile_options(esr_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                                -Wno-sign-conversion -Wnon-virtual-dtor)
if(ESRD_WERROR)
  target_compile_options(esr_warnings INTERFACE -Werror)
endif()
if(ESRD_SANITIZE)
  target_compile_options(esr_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(esr_warnings INTERFACE -fsanitize=address,undefined)
endif()
