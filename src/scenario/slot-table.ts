/** Host slots and the RELOAD node each holds now. Slot s is host s; the last slots are clients. */
export class SlotTable {
  /** The current peer of each slot, or -1 while the slot is down. */
  readonly peerOf: Int32Array;

  constructor(
    /** Number of slots (overlay.peers). */
    readonly count: number,
    /** Slots [0, peerSlots) are RELOAD peers, the rest clients. */
    readonly peerSlots: number,
  ) {
    this.peerOf = new Int32Array(count).fill(-1);
  }

  isClient(slot: number): boolean {
    return slot >= this.peerSlots;
  }
}
