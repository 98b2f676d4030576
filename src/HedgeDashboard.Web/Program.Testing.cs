// Lets tests reference the entry point (WebApplicationFactory<Program>, bUnit hosts).
public partial class Program;
