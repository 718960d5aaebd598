package org.nestsim.memory;

/**
 * Test-only: {@link L1Memory} over a {@link SparseMemory} that counts 8-byte writes (R/C write-backs,
 * which are compare-and-sets) and can interfere with the next compare-and-set.
 */
final class CountingMemory implements L1Memory {
  private final SparseMemory delegate;
  int longWrites;

  CountingMemory(long size) {
    this.delegate = new SparseMemory(size);
  }

  @Override
  public long size() {
    return delegate.size();
  }

  @Override
  public byte[] page(long pageNumber) {
    return delegate.page(pageNumber);
  }

  @Override
  public byte[] pageIfPresent(long pageNumber) {
    return delegate.pageIfPresent(pageNumber);
  }

  @Override
  public byte readByte(long address) {
    return delegate.readByte(address);
  }

  @Override
  public int readInt(long address) {
    return delegate.readInt(address);
  }

  @Override
  public long readLong(long address) {
    return delegate.readLong(address);
  }

  @Override
  public void writeByte(long address, byte value) {
    delegate.writeByte(address, value);
  }

  @Override
  public void writeInt(long address, int value) {
    delegate.writeInt(address, value);
  }

  @Override
  public void writeLong(long address, long value) {
    longWrites++;
    delegate.writeLong(address, value);
  }

  /** Runs once, just before the next compare-and-set: lets a test change an entry mid-walk. */
  Runnable beforeNextCompareAndSet;

  @Override
  public boolean compareAndSetLong(long address, long expected, long value) {
    Runnable hook = beforeNextCompareAndSet;
    beforeNextCompareAndSet = null;
    if (hook != null) {
      hook.run();
    }
    boolean done = delegate.compareAndSetLong(address, expected, value);
    if (done) {
      longWrites++;
    }
    return done;
  }

  @Override
  public void read(long address, byte[] target, int offset, int length) {
    delegate.read(address, target, offset, length);
  }

  @Override
  public void write(long address, byte[] source, int offset, int length) {
    delegate.write(address, source, offset, length);
  }

  @Override
  public long allocatedBytes() {
    return delegate.allocatedBytes();
  }
}
