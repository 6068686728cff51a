// Loads a model file and triages one message, using the core package only. Published with Native AOT:
//   dotnet publish samples/PeerTriage.AotSample -c Release -o /tmp/aot
//   /tmp/aot/PeerTriage.AotSample MODEL.ptm "message text"
using PeerTriage;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: PeerTriage.AotSample MODEL.ptm \"message text\"");
    return 2;
}

TriageModel model;
try
{
    model = TriageModel.Load(args[0]);
}
catch (Exception e) when (e is PeerTriage.Serialization.ModelFormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"{args[0]}: {e.Message}");
    return 1;
}

TriageResult result = model.Triage(new ForumMessage(args[1]));
Console.WriteLine($"level: {result.Level}");
for (int i = 0; i < model.Scheme.Count; i++)
{
    // The bits too, so CI can check that the native binary scores exactly as the JIT does.
    float p = result.Probabilities[i];
    Console.WriteLine($"  P({model.Scheme.NameOf(i)}) = {p:0.0000} (bits {BitConverter.SingleToInt32Bits(p):x8})");
}
return 0;
