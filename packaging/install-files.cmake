# Run by `cmake --install` (install(SCRIPT) in src/CMakeLists.txt): writes the configuration and
# the systemd unit with the paths of this installation. Set before it: ESRD_SOURCE_DIR,
# ESRD_STAGE_DIR and the destination folders ESRD_BINDIR, ESRD_CONFDIR, ESRD_DOCDIR,
# ESRD_UNITDIR (relative ones are under CMAKE_INSTALL_PREFIX, as install() does).

function(esrd_full_path out dir)
  if(IS_ABSOLUTE "${dir}")
    set(${out} "${dir}" PARENT_SCOPE)
  else()
    set(${out} "${CMAKE_INSTALL_PREFIX}/${dir}" PARENT_SCOPE)
  endif()
endfunction()

esrd_full_path(esrd_bindir "${ESRD_BINDIR}")
esrd_full_path(esrd_confdir "${ESRD_CONFDIR}")
esrd_full_path(esrd_docdir "${ESRD_DOCDIR}")
esrd_full_path(esrd_unitdir "${ESRD_UNITDIR}")
# A staging folder of this installation's own, so installs to different prefixes at the same
# time (parallel tests) never share one.
string(MD5 esrd_stage_tag "$ENV{DESTDIR}|${CMAKE_INSTALL_PREFIX}")
set(esrd_stage "${ESRD_STAGE_DIR}/${esrd_stage_tag}")
# The service's data directory: what StateDirectory=esrd in the unit creates.
set(esrd_state_dir "/var/lib/esrd")

# config/esrd.conf, with paths.data set to the service's data directory so that a hand-run
# `esrd --config <etc>/esrd/esrd.conf status` looks at the same state as the service.
file(READ "${ESRD_SOURCE_DIR}/config/esrd.conf" esrd_conf)
string(REGEX REPLACE "\n[ \t]*data[ \t]*=[^\n]*" "\ndata = ${esrd_state_dir}" esrd_conf "${esrd_conf}")
file(WRITE "${esrd_stage}/esrd.conf" "${esrd_conf}")
file(INSTALL DESTINATION "${esrd_confdir}" TYPE FILE FILES "${esrd_stage}/esrd.conf")

# packaging/esrd.service, naming the installed binary, configuration and runbook.
file(READ "${ESRD_SOURCE_DIR}/packaging/esrd.service" esrd_unit)
string(REPLACE "ExecStart=/usr/bin/esrd " "ExecStart=${esrd_bindir}/esrd " esrd_unit "${esrd_unit}")
string(REPLACE "--config /etc/esrd/esrd.conf" "--config ${esrd_confdir}/esrd.conf" esrd_unit "${esrd_unit}")
string(REPLACE "file:/usr/share/doc/esrd/" "file:${esrd_docdir}/" esrd_unit "${esrd_unit}")
file(WRITE "${esrd_stage}/esrd.service" "${esrd_unit}")
file(INSTALL DESTINATION "${esrd_unitdir}" TYPE FILE FILES "${esrd_stage}/esrd.service")
file(REMOVE_RECURSE "${esrd_stage}")
