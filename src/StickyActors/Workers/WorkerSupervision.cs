using Akka.Actor;
using Akka.Event;
using Akka.Pattern;

namespace StickyActors.Workers;

/// <summary>
/// The supervision of one worker actor: a backoff supervisor that, when the worker fails (its
/// process exited, or it could not be launched), stops it and starts a fresh one after an
/// exponential, capped, jittered delay, reset once a worker stays up long enough.
/// </summary>
internal static class WorkerSupervision
{
    public static Props Props(int workerId, WorkerContext context, ILoggingAdapter log)
    {
        var backoff = context.Settings.RestartBackoff;
        var options = Backoff.OnFailure(
                WorkerActor.Props(workerId, context),
                "process",
                backoff.Min,
                backoff.Max,
                backoff.RandomFactor,
                maxNrOfRetries: -1)
            .WithAutoReset(backoff.ResetAfter)
            .WithSupervisorStrategy(new OneForOneStrategy(exception => Decide(workerId, exception, log)));
        return BackoffSupervisor.Props(options);
    }

    private static Directive Decide(int workerId, Exception exception, ILoggingAdapter log)
    {
        switch (exception)
        {
            case WorkerExitedException exited:
                log.Warning("Worker {0} failed ({1}); restarting it after backoff", workerId, exited.Message);
                return Directive.Restart;
            case ActorInitializationException init:
                log.Error(init.InnerException ?? init, "Worker {0} could not be launched; retrying after backoff", workerId);
                return Directive.Restart;
            default:
                log.Error(exception, "Worker {0} actor failed unexpectedly; restarting it after backoff", workerId);
                return Directive.Restart;
        }
    }
}
