using Aios.Serving.Simulation;
using Aios.Testing;

namespace Aios.Serving.Tests;

/// <summary>
/// The Azure LLM inference trace 2023 from ../shared/data (Azure/AzurePublicDataset, CC-BY-4.0; Patel et al.,
/// "Splitwise", ISCA 2024), read once per test run; tests skip when it is absent.
/// </summary>
internal static class ServingTestData
{
    public const string ConversationFile = "traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv";
    public const string CodeFile = "traces/azure-llm-2023/AzureLLMInferenceTrace_code.csv";

    private static readonly Lazy<RequestTrace> Conversation = new(() => AzureLlmTraceReader.Read(SharedData.RequireFile(ConversationFile)));

    public static RequestTrace RequireConversation()
    {
        SharedData.RequireFile(ConversationFile);
        return Conversation.Value;
    }
}
