using Akka.Actor;
using Akka.Pattern;
using Microsoft.Extensions.Logging;
using StickyActors.Logging;

namespace StickyActors.Supervision;

/// <summary>
/// The supervision of one worker actor: a backoff supervisor that, when the worker fails (its
/// process exited, or it could not be launched), stops it and starts a fresh one after an
/// exponential, capped, jittered delay, reset once a worker stays up long enough. With
/// <c>workers.crash-loop.max-exits</c> set, the slot's worker is stopped for good after that many
/// exits in a row, and the master is told (<see cref="WorkerSlotGivenUp"/>). Once the master stops
/// (<see cref="MasterStopping"/>), a worker that exits is not restarted and its supervision stops.
/// </summary>
internal static class WorkerSupervision
{
    public static Props Props(int workerId, WorkerContext context, ILogger log)
    {
        var backoff = context.Settings.RestartBackoff;
        var crashLoop = new CrashLoop(backoff, TimeProvider.System);
        var options = Backoff.OnFailure(
                WorkerActor.Props(workerId, context),
                "process",
                backoff.Min,
                backoff.Max,
                backoff.RandomFactor,
                maxNrOfRetries: -1)
            .WithAutoReset(backoff.ResetAfter)
            .WithSupervisorStrategy(new OneForOneStrategy(exception => Decide(workerId, exception, log, crashLoop, context)));
        return BackoffSupervisor.Props(options);
    }

    private static Directive Decide(int workerId, Exception exception, ILogger log, CrashLoop crashLoop, WorkerContext context)
    {
        switch (exception)
        {
            case WorkerExitedException exited when context.Stopping.IsSet:
                // The master stops: this worker is not replaced (its supervision stops with it).
                ActorLog.WorkerExitedWhileMasterStops(log, workerId, exited.Message);
                return Directive.Stop;
            case WorkerExitedException exited:
                var (exits, since, nextTry) = crashLoop.Exited();
                if (context.Settings.CrashLoopMaxExits > 0 && exits >= context.Settings.CrashLoopMaxExits)
                {
                    // Runs in the backoff supervisor, which then stops too: the master sees it as the sender.
                    context.Master.Tell(new WorkerSlotGivenUp(workerId, exits, since, exited.Message));
                    return Directive.Stop;
                }

                if (exits == 1)
                {
                    ActorLog.WorkerFailedRestarting(log, workerId, exited.Message);
                }
                else
                {
                    ActorLog.WorkerCrashLooping(log, workerId, exits, since.TotalSeconds, nextTry.TotalSeconds, exited.Message);
                }

                return Directive.Restart;
            case ActorInitializationException init:
                ActorLog.WorkerLaunchFailed(log, init.InnerException ?? init, workerId);
                return Directive.Restart;
            default:
                ActorLog.WorkerActorFailed(log, exception, workerId);
                return Directive.Restart;
        }
    }
}
