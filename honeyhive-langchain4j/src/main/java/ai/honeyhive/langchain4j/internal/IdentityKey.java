package ai.honeyhive.langchain4j.internal;

/** A map key that compares by identity: the same object seen at two hooks. */
/** Internal: not part of the public API; may change at any time. */
public final class IdentityKey {
  private final Object target;

  public IdentityKey(Object target) {
    this.target = target;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityKey && ((IdentityKey) o).target == target;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(target);
  }
}
