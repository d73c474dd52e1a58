# Writes OUTPUT: the bytes of INPUT as a C++ initializer list ("0x23,0x20,...,0x00", a final NUL
# added), for a source that embeds the file with
#     constexpr char kBytes[] = {
#     #include "core/export/templates/model.py.inc"
#     };
# core/CMakeLists.txt runs it at build time, again whenever INPUT changes.
# Usage: cmake -DINPUT=file -DOUTPUT=file.inc -P embed.cmake
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f])"
       "\\1\n" hex "${hex}")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE "${OUTPUT}.tmp" "${bytes}0x00\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
