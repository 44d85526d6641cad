@s1sr @s1sr_18_21_e @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.21(e) - Gas block counters are reset just before the daily snapshot
  Verifies the block counters in the daily read log (Retrieve Import Daily Read Log, SRV 4.6.1)
  of gas meters whose device model the DMVES maps to clause 18.21(e). Such a meter resets its
  block counters immediately before it takes the daily snapshot, so a snapshot may not show the
  day's consumption, and the regulation leaves open which result a given snapshot shows. Each
  snapshot must show one of the results the register allows: every counter zero, for a snapshot
  taken on Greenwich Mean Time; counters adding up to 23 of the day's 24 hours of consumption,
  for a snapshot taken on British Summer Time; or counters adding up to the whole day's
  consumption. The result seen is reported as allowed but not certain. Consumption is compared
  in kWh with the consumption the target states for the meter, and each snapshot is judged by
  the time in Great Britain when it was taken (local midnight). A gas meter the clause does not
  apply to counts the whole day since the previous snapshot. Source: seed
  000_3d332784429be247.txt, drafting row "18.21(e) 18.18(f)", which this clause shares with
  18.18(f). Assumptions: A-SHARED-ROW, A-UNCERTAIN-VERDICT, A-GB-LOCAL-TIME,
  A-BLOCK-COUNTER-UNITS, A-CLAUSE-SRV-INFERENCE, A-DMVES-DATA, A-SEED000-FOC.

  @uncertain
  Scenario Outline: The daily snapshots of <day> show a result the clause allows
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    And it is <moment> in Great Britain
    When the supplier requests the daily read log for yesterday
    Then the block counters of every snapshot show an outcome the clause allows

    Examples:
      | day                               | moment                   |
      # winter: both snapshots on GMT
      | a winter day                      | 12:00 on 16 January 2026 |
      # summer: both snapshots on BST
      | a summer day                      | 12:00 on 2 July 2026     |
      # the clocks go forward at 01:00: a 23-hour day, opened on GMT and closed on BST
      | the day the clocks go forward     | 12:00 on 30 March 2026   |
      # the clocks go back at 02:00: a 25-hour day, opened on BST and closed on GMT
      | the day the clocks go back        | 12:00 on 26 October 2026 |

  @negative_control
  Scenario Outline: A gas meter the clause does not apply to counts the whole of <day>
    Given a commissioned SMETS1 meter whose device model is not subject to the clause
    And it is <moment> in Great Britain
    When the supplier requests the daily read log for yesterday
    Then the block counters of every snapshot add up to the kWh consumed since their last reset

    Examples:
      | day          | moment                   |
      # winter (GMT)
      | a winter day | 12:00 on 16 January 2026 |
      # summer (BST)
      | a summer day | 12:00 on 2 July 2026     |
