# The consumer programs, shared by the find_package and add_subdirectory projects. The warning
# flags apply to the consumer's code and so to every public header it includes.
# CONSUMER_CORE_ONLY: build only the program that links fleetcast::core.
set(consumer_flags -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror)
enable_testing()

add_executable(consumer_core ${CMAKE_CURRENT_LIST_DIR}/consumer_core.cpp)
target_link_libraries(consumer_core PRIVATE fleetcast::core)
target_compile_options(consumer_core PRIVATE ${consumer_flags})
add_test(NAME consumer_core COMMAND consumer_core)
set_tests_properties(consumer_core PROPERTIES PASS_REGULAR_EXPRESSION "consumer ok")

if(NOT CONSUMER_CORE_ONLY)
  add_executable(consumer_full ${CMAKE_CURRENT_LIST_DIR}/consumer.cpp)
  target_link_libraries(consumer_full PRIVATE fleetcast::fleetcast)
  target_compile_options(consumer_full PRIVATE ${consumer_flags})
  add_test(NAME consumer_full COMMAND consumer_full)
  set_tests_properties(consumer_full PROPERTIES PASS_REGULAR_EXPRESSION "consumer ok")

  add_executable(consumer_front_door ${CMAKE_CURRENT_LIST_DIR}/consumer_front_door.cpp)
  target_link_libraries(consumer_front_door PRIVATE fleetcast::fleetcast)
  target_compile_options(consumer_front_door PRIVATE ${consumer_flags})
  add_test(NAME consumer_front_door
           COMMAND consumer_front_door ${CMAKE_CURRENT_LIST_DIR}/../../examples/payments-api.json)
  set_tests_properties(consumer_front_door PROPERTIES PASS_REGULAR_EXPRESSION "consumer ok")
endif()
