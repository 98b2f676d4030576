using HedgeDashboard.Cli;

return HedgeCli.Run(args, Console.Out, Console.Error);
