Console.WriteLine("Design-time host for dotnet ef; see migrations/README.md.");
