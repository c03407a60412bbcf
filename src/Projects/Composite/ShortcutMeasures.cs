using IlgpuNet.Training;

namespace IlgpuNet.Composite;

/// <summary>
/// How much a model follows the digit instead of the class image on one split: accuracy where the digit agrees with
/// the class and where it does not, and how often the prediction is the digit when the digit is not the class.
/// </summary>
public sealed record ShortcutMeasures(double Accuracy, double AgreeAccuracy, double DisagreeAccuracy, double FollowsDigit, int Agree, int Disagree)
{
    public static ShortcutMeasures Of(Evaluation evaluation, int[] digits)
    {
        if (digits.Length != evaluation.Targets.Length)
        {
            throw new ArgumentException($"{digits.Length} digits for {evaluation.Targets.Length} evaluated images");
        }

        int agree = 0, agreeCorrect = 0, disagree = 0, disagreeCorrect = 0, followed = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            bool correct = evaluation.Predictions[i] == evaluation.Targets[i];
            if (digits[i] == evaluation.Targets[i])
            {
                agree++;
                agreeCorrect += correct ? 1 : 0;
            }
            else
            {
                disagree++;
                disagreeCorrect += correct ? 1 : 0;
                followed += evaluation.Predictions[i] == digits[i] ? 1 : 0;
            }
        }

        return new ShortcutMeasures(evaluation.Accuracy, Ratio(agreeCorrect, agree), Ratio(disagreeCorrect, disagree), Ratio(followed, disagree), agree, disagree);
    }

    private static double Ratio(int count, int total) => total == 0 ? double.NaN : (double)count / total;
}
