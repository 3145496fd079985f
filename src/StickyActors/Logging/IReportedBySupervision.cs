namespace StickyActors.Logging;

/// <summary>
/// An actor failure that its supervision logs itself (one line, or a crash-loop summary), so the
/// Akka log bridge drops Akka's own copy of it (with its whole trace).
/// </summary>
internal interface IReportedBySupervision;
