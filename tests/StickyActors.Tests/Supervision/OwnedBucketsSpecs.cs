using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using StickyActors.Configuration;
using StickyActors.ControlPlane;
using StickyActors.Master;
using StickyActors.Routing;
using StickyActors.Supervision;

namespace StickyActors.Tests.Workers;

/// <summary>With <c>affinity.key = bucket-cookie</c> the master tells each registered worker the buckets it owns.</summary>
public sealed class OwnedBucketsSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly FakeWorkerLauncher _launcher = new();

    [Fact]
    public void Register_BucketCookie_EachControlActorIsToldItsOwnBucketsAndTheCookie()
    {
        var master = StartMaster("affinity { key = bucket-cookie, name = sa, cookie-lifetime = 1h }");

        var controls = RegisterAll(master);

        foreach (var (id, control) in controls)
        {
            var owned = control.FishForMessage<WorkerBucketsOwned>(m => m.Owned.Count == 32, TimeSpan.FromSeconds(10));
            Assert.Equal(id, owned.WorkerId);
            Assert.All(owned.Owned, bucket => Assert.Equal(id, bucket % 2));
            Assert.Equal(("sa", TimeSpan.FromHours(1), 64, AffinityCookie.KeyFor(7)), (owned.CookieName, owned.CookieLifetime, owned.Buckets, owned.CookieKey));
        }
    }

    [Fact]
    public void Register_OtherAffinityKey_NoWorkerIsToldAnything()
    {
        var master = StartMaster("affinity.key = client-ip");

        var controls = RegisterAll(master);

        foreach (var control in controls.Values)
        {
            control.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        }
    }

    private IActorRef StartMaster(string affinity)
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon($$"""
            sticky-actors {
              listen { address = "127.0.0.1", port = 0 }
              workers { count = 2, startup-timeout = 5s }
              routing { buckets = 64, hash-seed = 7 }
              {{affinity}}
            }
            """));
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var resources = new MasterResources(settings, listener, _ => _launcher, "akka://test", NullLoggerFactory.Instance, TimeProvider.System);
        return Sys.ActorOf(MasterActor.Props(resources), "master");
    }

    private Dictionary<int, TestProbe> RegisterAll(IActorRef master)
    {
        var controls = new Dictionary<int, TestProbe>();
        for (var id = 0; id < 2; id++)
        {
            var worker = id;
            AwaitCondition(() => _launcher.LaunchCount(worker) >= 1);
            var (spec, process, _) = _launcher.Last(worker);
            // The launch is known to the master (its lifecycle event arrived) before the worker registers.
            AwaitCondition(() => master.Ask<ClusterStatus>(GetStatus.Instance, TimeSpan.FromSeconds(3)).Result.Workers[worker].Pid == process.Pid);
            var control = CreateTestProbe();
            control.Send(master, new RegisterWorker(worker, spec.Generation, process.Pid, spec.Secret));
            control.ExpectMsg<WorkerRegistered>();
            controls[worker] = control;
        }

        return controls;
    }
}
