// Placeholder: the forum sample (issue 17) is built on this branch's layout.
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => "PeerTriage forum sample");
app.Run();

/// <summary>The entry point, public so WebApplicationFactory can start it.</summary>
public partial class Program;
