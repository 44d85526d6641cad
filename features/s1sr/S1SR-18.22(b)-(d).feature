@s1sr @s1sr_18_22_b_d @esme @gsme @operation
Feature: S1SR-18.22(b)-(d) - Profile data can be read again (18.22(b) to (d))
  Verifies that, on every device model the DMVES maps to clause 18.22(b) to (d), profile data can be
  read: a Read Profile Data request for the previous day (active import, SRV 4.8.1, on electricity
  and gas meters; reactive import, SRV 4.8.2, and export, SRV 4.8.3, on electricity meters only,
  the latter requested by an export supplier) is answered with one value for every half hour of
  the day. Before FOC Uplift 2.1 (baseline s1sr_v10) profile data could not be obtained from
  these models, so there the request must not be served, in whatever form the failure is
  reported; no particular error is asserted. A meter the clause does not apply to returns its
  profile data under both baselines. Source: seed 000_3d332784429be247.txt, drafting row
  18.22 (b) to (d), read as one requirement (A-RANGE-ROW).
  Assumptions: A-RANGE-ROW, A-CLAUSE-SRV-INFERENCE, A-REMOVED-RESTRICTION-V10, A-FAILURE-FORM,
  A-DMVES-DATA, A-SEED000-FOC.

  @baseline_s1sr_v11
  Scenario Outline: The supplier reads a day of active import profile data
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    And it is <moment> in Great Britain
    When the supplier requests the active import profile data for yesterday
    Then the active import profile data covers every half hour of the requested period

    Examples:
      | moment                   |
      # a winter day (GMT): 48 half hours
      | 12:00 on 15 January 2026 |
      # a summer day (BST): 48 half hours, starting at 23:00 UTC the evening before
      | 12:00 on 2 July 2026     |
      # the day the clocks went forward: 46 half hours
      | 12:00 on 30 March 2026   |
      # the day the clocks went back: 50 half hours
      | 12:00 on 26 October 2026 |

  @baseline_s1sr_v11
  Scenario Outline: The <user> reads a day of <profile> from an electricity meter
    Given a commissioned SMETS1 electricity meter whose device model is subject to the clause
    When the <user> requests the <profile> for yesterday
    Then the <profile> covers every half hour of the requested period

    Examples:
      | user            | profile                      |
      # SRV 4.8.2, electricity only
      | supplier        | reactive import profile data |
      # SRV 4.8.3, electricity only, for the export supplier
      | export supplier | export profile data          |

  @baseline_s1sr_v10
  Scenario: Before Uplift 2.1 active import profile data is not served
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    When the supplier requests the active import profile data for yesterday
    Then the request is not served

  @baseline_s1sr_v10
  Scenario Outline: Before Uplift 2.1 the <profile> of an electricity meter is not served
    Given a commissioned SMETS1 electricity meter whose device model is subject to the clause
    When the <user> requests the <profile> for yesterday
    Then the request is not served

    Examples:
      | user            | profile                      |
      # SRV 4.8.2, electricity only
      | supplier        | reactive import profile data |
      # SRV 4.8.3, electricity only, for the export supplier
      | export supplier | export profile data          |

  @negative_control
  Scenario: A meter the clause does not apply to returns its profile data under every baseline
    Given a commissioned SMETS1 meter whose device model is not subject to the clause
    When the supplier requests the active import profile data for yesterday
    Then the active import profile data covers every half hour of the requested period
