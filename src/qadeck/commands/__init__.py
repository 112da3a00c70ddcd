"""What each verb does (build, check, inspect, preview, sync): functions that take the options
value of one command and return its result; they run the stages and never print or exit."""
