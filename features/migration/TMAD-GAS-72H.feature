@tmad @tmad_gas_72h @gsme @chf @migration
Feature: TMAD-GAS-72H - The gas meter and comms hub must have communicated within 72 hours (was 24)
  Verifies the migration check that the gas meter and the comms hub of a SMETS1 installation
  have communicated recently: under TMAD v17.0 (baseline s1sr_v11) the check passes when their
  last communication is at most 72 hours old when the check runs, under TMAD v16.0 (s1sr_v10)
  at most 24 hours; exactly the window counts as within and is recorded as a boundary case. An
  installation that passes continues to migrate; one that fails is not migrated on account of
  this check. Migration is not a DUIS request: the scenarios use the target's capability to run
  the migration checks and are not applicable to a target without it. Source: seed
  002_6923a674670ce851.txt, "Changes to the SMETS1 TMAD", paragraph 9. Assumptions:
  A-TMAD-OBSERVATION, A-TMAD-BASELINE.

  Scenario Outline: The gas meter last reached the comms hub <age> before the check
    Given a SMETS1 installation whose gas meter last communicated with the comms hub <age> ago
    When DCC runs the migration checks on the installation
    Then the installation <outcome>

    @baseline_s1sr_v11
    Examples: TMAD v17.0, a 72-hour window
      | age                   | outcome                                 |
      # inside both windows
      | 23 hours              | migrates                                |
      # just outside the old 24-hour window
      | 25 hours              | migrates                                |
      # just inside the new window
      | 71 hours              | migrates                                |
      # exactly 72 h: the boundary counts as within
      | 72 hours              | migrates                                |
      # 72 h + 1 s: the first moment outside the window
      | 72 hours and 1 second | fails the gas meter and comms hub check |
      # outside both windows
      | 73 hours              | fails the gas meter and comms hub check |

    @baseline_s1sr_v10
    Examples: TMAD v16.0, a 24-hour window
      | age                   | outcome                                 |
      # inside the window
      | 23 hours              | migrates                                |
      # exactly 24 h: the boundary counts as within
      | 24 hours              | migrates                                |
      # 24 h + 1 s: the first moment outside the window
      | 24 hours and 1 second | fails the gas meter and comms hub check |
      # just outside the window
      | 25 hours              | fails the gas meter and comms hub check |
      # exactly 72 h: inside the later window only
      | 72 hours              | fails the gas meter and comms hub check |
