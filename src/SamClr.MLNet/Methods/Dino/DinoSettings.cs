using SamClr.MLNet.Methods.Momentum;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Methods;

/// <summary>
/// What a <see cref="DinoMethod"/> is built from: its views, head sizes, temperatures, momenta and epoch count (the
/// estimator's options resolved and validated; <c>DinoOptions.ToSettings()</c> makes one).
/// </summary>
/// <param name="Views">The global and local views.</param>
/// <param name="TeacherTemperature">The teacher temperature and its warm-up.</param>
/// <param name="TeacherMomentum">The teacher's EMA momentum schedule.</param>
/// <param name="Epochs">Training epochs (the temperature warm-up and the prototype freeze count epochs).</param>
/// <param name="FreezeLastLayerEpochs">Epochs during which the prototypes do not learn.</param>
/// <param name="HeadHiddenDimension">Hidden width of the head's MLP.</param>
/// <param name="HeadBottleneckDimension">Bottleneck width before the prototypes.</param>
/// <param name="HeadOutputDimension">Number of prototypes.</param>
/// <param name="HeadBatchNorm">Whether the head's MLP uses batch norm.</param>
/// <param name="StudentTemperature">Student softmax temperature.</param>
/// <param name="CenterMomentum">Momentum of the teacher outputs' centre.</param>
internal sealed record DinoSettings(
    MultiCropOptions Views, DinoTeacherTemperature TeacherTemperature, MomentumSchedule TeacherMomentum, int Epochs, int FreezeLastLayerEpochs,
    int HeadHiddenDimension, int HeadBottleneckDimension, int HeadOutputDimension, bool HeadBatchNorm, double StudentTemperature, double CenterMomentum);
