// Crash-test child: applies CrashScenario events 0, 1, 2, ... to a SQLite store and prints each event id to stdout
// once Apply has returned (the event is acknowledged). The test kills this process at a random moment.
using PeerTriage.Moderation;
using PeerTriage.Moderation.Testing;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: PeerTriage.Moderation.CrashWriter DB_PATH [full|normal] [COUNT]");
    return 2;
}
var durability = args.Length > 1 && args[1] == "normal" ? SqliteDurability.Normal : SqliteDurability.Full;
int count = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
using var store = ModerationStore.OpenSqlite(args[0], new SqliteStoreOptions { Durability = durability });
var queue = new ModerationQueue(store, new KeywordClassifier(), CrashScenario.Options);
var stdout = Console.Out;
for (int i = 0; i < count; i++)
{
    var e = CrashScenario.Event(i);
    queue.Apply(e);
    stdout.WriteLine(e.EventId);
    stdout.Flush();
}
return 0;
