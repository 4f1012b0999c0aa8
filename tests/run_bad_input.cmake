cmake_minimum_required(VERSION 3.25)
# cmake -DFLEETCAST=bin -DCASES=dir -DWORK=dir -P run_bad_input.cmake
# Runs every case of CASES/cases.txt through the driver with -o WORK/out, and checks: exit
# status 2, exactly one line on stderr starting with the expected [id], no output file.
# %CASES% in a case is the CASES folder; %GEN% a folder of inputs too large to commit (a
# 10 MiB string, 100 000 nesting levels), written here first and removed at the end.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(GEN "${WORK}-generated")
file(REMOVE_RECURSE "${GEN}")
file(MAKE_DIRECTORY "${GEN}")
string(REPEAT "A" 10485760 big)        # 10 MiB, ten times the default string-bytes limit
string(REPEAT "[" 100000 open)         # 100 000 levels, far beyond the default depth of 64
string(REPEAT "]" 100000 close)
set(service "{\"name\": \"a\", \"task\": {\"cpu\": 512, \"memory\": 1024}, \"demand\": {\"base\": 1}}")
set(option "{\"name\": \"f\", \"platform\": \"ecs\", \"compute\": \"fargate\"}")
file(WRITE "${GEN}/big-string-quote.json"
     "{\"fargate\": [{\"name\": \"${big}\", \"cpu\": 512, \"memory\": 1024, \"run_seconds\": 60}]}\n")
file(WRITE "${GEN}/big-string-scenario.json"
     "{\"name\": \"x\", \"description\": \"${big}\", \"horizon\": {\"days\": 1}, \"services\": [${service}], \"options\": [${option}]}\n")
file(WRITE "${GEN}/big-field-bill.csv"  # a 10 MiB field in a FOCUS bill
     "BilledCost,BillingCurrency,ChargePeriodStart,ChargeCategory,ServiceName,ListCost,PricingQuantity,PricingUnit\n1,USD,2026-01-01T00:00:00Z,Usage,${big},1,1,Hours\n")
file(WRITE "${GEN}/big-string-offer.json" "{\"formatVersion\": \"v1.0\", \"offerCode\": \"${big}\"}\n")
file(WRITE "${GEN}/big-string-pack.json"
     "{\"bin_types\": [{\"name\": \"${big}\", \"cpu\": 1024, \"memory\": 1024, \"price_per_hour\": 1}], \"items\": [{\"cpu\": 1, \"memory\": 1}]}\n")
file(WRITE "${GEN}/deep-scenario.json"
     "{\"name\": \"x\", \"horizon\": {\"days\": 1}, \"services\": ${open}${close}, \"options\": [${option}]}\n")
file(WRITE "${GEN}/deep-catalog.json" "{\"schema_version\": 1, \"sources\": ${open}${close}}\n")
file(WRITE "${GEN}/deep-offer.json"
     "{\"formatVersion\": \"v1.0\", \"offerCode\": \"AmazonEC2\", \"products\": {\"SKU\": {\"attributes\": ${open}${close}}}}\n")
file(WRITE "${GEN}/deep-ecs.json" "{\"family\": \"web\", \"containerDefinitions\": ${open}${close}}\n")
file(WRITE "${GEN}/deep-ledger.json" "{\"hours\": ${open}${close}}\n")
file(WRITE "${GEN}/deep-result.json" "{\"options\": ${open}${close}}\n")
file(WRITE "${GEN}/deep-manifest.yaml"
     "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: ${open}${close}\n")
file(WRITE "${GEN}/deep-unbalanced.json" "${open}\n")  # never closed: still refused at depth 65
set(big "")
set(open "")
set(close "")
file(STRINGS "${CASES}/cases.txt" lines)
set(failures 0)
set(count 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^#" OR line STREQUAL "")
    continue()
  endif()
  string(REGEX MATCH "^([^ ]+) \\| (.*)$" _ "${line}")
  set(id "${CMAKE_MATCH_1}")
  string(REPLACE "%CASES%" "${CASES}" args "${CMAKE_MATCH_2}")
  string(REPLACE "%GEN%" "${GEN}" args "${args}")
  separate_arguments(args UNIX_COMMAND "${args}")
  math(EXPR count "${count} + 1")
  execute_process(COMMAND "${FLEETCAST}" ${args} -o "${WORK}/out.txt"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 30)
  string(REGEX MATCHALL "\n" newlines "${err}")
  list(LENGTH newlines n_lines)
  set(problem "")
  if(NOT rc EQUAL 2)
    set(problem "exit status ${rc}, expected 2")
  elseif(NOT err MATCHES "^\\[${id}\\] ")
    set(problem "stderr does not start with [${id}]")
  elseif(NOT n_lines EQUAL 1)
    set(problem "stderr has ${n_lines} lines, expected 1")
  elseif(EXISTS "${WORK}/out.txt")
    set(problem "an output file was left behind")
  endif()
  file(GLOB leftovers "${WORK}/*")
  if(problem STREQUAL "" AND leftovers)
    set(problem "temporary files were left behind: ${leftovers}")
  endif()
  if(problem STREQUAL "")
    message(STATUS "ok   ${line}\n       ${err}")
  else()
    message(STATUS "FAIL ${line}: ${problem}\n       stderr: ${err}")
    math(EXPR failures "${failures} + 1")
  endif()
  file(REMOVE_RECURSE "${WORK}")
  file(MAKE_DIRECTORY "${WORK}")
endforeach()
file(REMOVE_RECURSE "${GEN}")
if(failures GREATER 0)
  message(FATAL_ERROR "${failures} of ${count} bad-input cases failed")
endif()
message(STATUS "all ${count} bad-input cases passed")
