// Crash-test child: applies CrashScenario events 0, 1, 2, ... to a SQLite store and prints each event id to stdout
// once Apply has returned (the event is acknowledged). The test kills this process at a random moment.
// With "stop-in-crisis-handler", the crisis handler prints "escalate MESSAGE_ID", flushes, and then waits to be killed:
// the handler's effect is out, but the store has not yet recorded the delivery.
using PeerTriage.Moderation;
using PeerTriage.TestSupport;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: PeerTriage.Moderation.CrashWriter DB_PATH [full|normal] [COUNT] [stop-in-crisis-handler]");
    return 2;
}
var durability = args.Length > 1 && args[1] == "normal" ? SqliteDurability.Normal : SqliteDurability.Full;
int count = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
bool stopInHandler = args.Length > 3 && args[3] == "stop-in-crisis-handler";
var stdout = Console.Out;
var options = CrashScenario.Options;
if (stopInHandler)
{
    options = options with
    {
        OnCrisis = crisis =>
        {
            stdout.WriteLine("escalate " + crisis.MessageId);
            stdout.Flush();
            Thread.Sleep(Timeout.Infinite);
        },
    };
}
using var store = ModerationStore.OpenSqlite(args[0], new SqliteStoreOptions { Durability = durability });
var queue = new ModerationQueue(store, new KeywordClassifier(), options);
for (int i = 0; i < count; i++)
{
    var e = CrashScenario.Event(i);
    queue.Apply(e);
    stdout.WriteLine(e.EventId);
    stdout.Flush();
}
return 0;
