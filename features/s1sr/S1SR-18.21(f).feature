@s1sr @s1sr_18_21_f @esme @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.21(f) - A daily read log requested before 23:00 BST repeats the 23:00 entry at 00:00
  Verifies that, on every device model the DMVES maps to clause 18.21(f), a Retrieve Import Daily
  Read Log request (SRV 4.6.1) that DCC receives while Great Britain is on British Summer Time,
  before 23:00 local time, for a period that includes the current day, returns one extra entry:
  a copy of the entry stamped 23:00 (local midnight in summer, written in UTC), stamped 00:00,
  with the same register values, so that it shows no consumption since the 23:00 entry. A
  request received at 23:00 or later, on Greenwich Mean Time, or for a period that ends before
  the current day gets no such entry, and neither does a meter the clause does not apply to.
  Times are Great Britain civil time at the moment DCC receives the request; 23:00:00 itself is
  not before 23:00. Source: seed 000_3d332784429be247.txt, drafting row 18.21(f), with the edge
  cases of the register's examples. Assumptions: A-GB-LOCAL-TIME, A-CLAUSE-SRV-INFERENCE,
  A-DMVES-DATA, A-SEED000-FOC.

  Scenario Outline: A request before 23:00 on a summer day, including today, gets the repeated entry
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    And it is <moment> in Great Britain
    When the supplier requests the daily read log for the last 3 days
    Then the daily read log repeats its 23:00 entry at 00:00 with no increase in consumption

    Examples:
      | moment                 |
      # the last minute before the boundary
      | 22:59 on 1 July 2026   |
      # an ordinary summer morning
      | 09:00 on 1 July 2026   |
      # the first day that opens at 23:00, the day after the clocks go forward
      | 12:00 on 30 March 2026 |

  Scenario Outline: A request <case> gets no repeated entry
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    And it is <moment> in Great Britain
    When the supplier requests the daily read log for <period>
    Then no entry of the daily read log repeats the entry before it

    Examples:
      | case                               | moment                   | period                     |
      # the boundary itself is not before 23:00
      | at 23:00 on a summer day           | 23:00 on 1 July 2026     | the last 3 days            |
      # the period ends before the current day
      | for a period ending yesterday      | 10:00 on 1 July 2026     | the 3 days up to yesterday |
      # the rule applies only on BST
      | before 23:00 on a winter day       | 22:59 on 15 January 2026 | the last 3 days            |
      # the clocks went back at 02:00, so the evening is on GMT
      | on the evening the clocks go back  | 22:59 on 25 October 2026 | the last 3 days            |

  @negative_control
  Scenario: A meter the clause does not apply to gets no repeated entry
    Given a commissioned SMETS1 meter whose device model is not subject to the clause
    And it is 22:59 on 1 July 2026 in Great Britain
    When the supplier requests the daily read log for the last 3 days
    Then no entry of the daily read log repeats the entry before it
