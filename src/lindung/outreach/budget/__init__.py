"""The budget planner: APBD/APBDes scenarios, allocations, payments and their summary."""
