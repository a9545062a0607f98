return await MultimodalAnnotate.Cli.CliApp.RunAsync(args, Console.Out, Console.Error);
