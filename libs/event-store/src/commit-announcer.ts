/**
 * Wakes live subscribers after appends commit. NOTIFY inside the append would serialise every
 * appending commit on PostgreSQL's notify-queue lock, held through the WAL flush; a separate
 * NOTIFY after the commit keeps appends off that lock. Bursts coalesce: one notification in
 * flight, at most one more after it, and no two sent less than `minGapMs` apart (a notification
 * is a transaction of its own: under load they cost appends a good share of the server). A lost
 * notification only costs the subscriber its polling interval.
 */
export class CommitAnnouncer {
  private state: 'idle' | 'waiting' | 'sending' = 'idle';
  private again = false;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly notify: () => Promise<unknown>,
    private readonly minGapMs = 5,
    private readonly now: () => number = () => performance.now(),
  ) {}

  announce(): void {
    // A notification not sent yet covers this commit too.
    if (this.state === 'waiting') return;
    if (this.state === 'sending') {
      this.again = true;
      return;
    }
    const wait = this.lastSentAt + this.minGapMs - this.now();
    if (wait <= 0) return this.send();
    this.state = 'waiting';
    setTimeout(() => this.send(), wait);
  }

  private send(): void {
    this.state = 'sending';
    this.lastSentAt = this.now();
    void this.notify()
      .catch(() => undefined)
      .finally(() => {
        this.state = 'idle';
        if (this.again) {
          this.again = false;
          this.announce();
        }
      });
  }
}
