package io.godwit.fidelity;

import io.godwit.engine.Engine;
import java.util.ArrayList;
import java.util.List;

class MariaDbToPostgresFidelityIT extends FidelityIT {

  @Override
  Engine source() {
    return Engine.MARIADB;
  }

  @Override
  Engine target() {
    return Engine.POSTGRESQL;
  }

  @Override
  List<Case> cases() {
    List<Case> cases = new ArrayList<>(MariaDbTypes.common(false));
    cases.add(
        Case.lossy(
            "tinyint(1)",
            "values other than 0 become true",
            Kind.NUMBER,
            Kind.BOOL,
            Gen.integers(-128, 127),
            v -> v.equals("0") ? "0" : "1"));
    cases.add(Case.exact("bit(1)", Kind.BITS, Kind.BOOL, Gen.bits(1, false)));
    cases.add(Case.exact("bit(12)", Kind.BITS, Gen.bits(12, false)));
    cases.add(Case.exact("binary(16)", Kind.BYTES, MariaDbTypes.binary16()));
    cases.add(
        Case.lossy(
            "json",
            "equal as JSON values: key order, spacing and duplicate keys (the last wins) may change",
            Kind.JSON,
            Kind.JSON,
            Gen.json(),
            v -> v));
    cases.add(Case.exact("time(6)", Kind.TIME, Gen.times(6, false)));
    return cases;
  }
}
