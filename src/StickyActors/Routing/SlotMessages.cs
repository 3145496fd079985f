namespace StickyActors.Routing;

/// <summary>
/// Master → routing actor: slot <paramref name="WorkerId"/> (the next id) is added. The fewest
/// buckets the balance needs get it as their home; they stay with their owners until its worker
/// registered and then come home under the session rule. Answered with <see cref="SlotAdded"/>.
/// </summary>
internal sealed record AddSlot(int WorkerId);

/// <summary>The slot was added; <paramref name="Rehomed"/> buckets have it as their home now.</summary>
internal sealed record SlotAdded(int WorkerId, int Rehomed);

/// <summary>
/// Master → routing actor: the last slot, <paramref name="WorkerId"/>, is removed. Its home buckets
/// get homes among the others and the buckets it served move now; the answer,
/// <see cref="SlotRemoved"/>, comes after the table without it was published, so a drain sent after
/// it never overtakes that table.
/// </summary>
internal sealed record RemoveSlot(int WorkerId);

/// <summary>The slot was removed: <paramref name="Rehomed"/> homes changed, <paramref name="Moved"/> buckets changed owner.</summary>
internal sealed record SlotRemoved(int WorkerId, int Rehomed, int Moved);
