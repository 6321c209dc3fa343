#include <iostream>

#include "bcdsim_top.h"
#include "parameters.h"


void bcdsim_top(
    hls::stream<input_t> &x,
    hls::stream<result_t> &layer74_out
) {

    // hls-fpga-machine-learning insert IO
    #pragma HLS INTERFACE axis port=x,layer74_out 
    #pragma HLS DATAFLOW

    // hls-fpga-machine-learning insert load weights
#ifndef __SYNTHESIS__
    static bool loaded_weights = false;
    if (!loaded_weights) {
        bcd::load_weights_txt<wfix_2_t, 144>(wfix_2, "wfix_2.txt");
        bcd::load_weights_txt<bias_2_t, 16>(bias_2, "bias_2.txt");
        bcd::load_weights_txt<w1_5_t, 64>(w1_5, "w1_5.txt");
        bcd::load_weights_txt<w2_5_t, 64>(w2_5, "w2_5.txt");
        bcd::load_weights_txt<wbits_6_t, 96>(wbits_6, "wbits_6.txt");
        bcd::load_weights_txt<p0_6_t, 16>(p0_6, "p0_6.txt");
        bcd::load_weights_txt<p1_6_t, 16>(p1_6, "p1_6.txt");
        bcd::load_weights_txt<wfix_7_t, 64>(wfix_7, "wfix_7.txt");
        bcd::load_weights_txt<bias_7_t, 16>(bias_7, "bias_7.txt");
        bcd::load_weights_txt<p0_11_t, 16>(p0_11, "p0_11.txt");
        bcd::load_weights_txt<p1_11_t, 16>(p1_11, "p1_11.txt");
        bcd::load_weights_txt<p2_11_t, 16>(p2_11, "p2_11.txt");
        bcd::load_weights_txt<w1_13_t, 64>(w1_13, "w1_13.txt");
        bcd::load_weights_txt<w2_13_t, 64>(w2_13, "w2_13.txt");
        bcd::load_weights_txt<wbits_17_t, 16>(wbits_17, "wbits_17.txt");
        bcd::load_weights_txt<p0_17_t, 16>(p0_17, "p0_17.txt");
        bcd::load_weights_txt<p1_17_t, 16>(p1_17, "p1_17.txt");
        bcd::load_weights_txt<wfix_18_t, 64>(wfix_18, "wfix_18.txt");
        bcd::load_weights_txt<bias_18_t, 16>(bias_18, "bias_18.txt");
        bcd::load_weights_txt<wbits_22_t, 16>(wbits_22, "wbits_22.txt");
        bcd::load_weights_txt<p0_22_t, 16>(p0_22, "p0_22.txt");
        bcd::load_weights_txt<p1_22_t, 16>(p1_22, "p1_22.txt");
        bcd::load_weights_txt<wfix_23_t, 64>(wfix_23, "wfix_23.txt");
        bcd::load_weights_txt<bias_23_t, 16>(bias_23, "bias_23.txt");
        bcd::load_weights_txt<p0_27_t, 32>(p0_27, "p0_27.txt");
        bcd::load_weights_txt<p1_27_t, 32>(p1_27, "p1_27.txt");
        bcd::load_weights_txt<p2_27_t, 32>(p2_27, "p2_27.txt");
        bcd::load_weights_txt<w1_29_t, 256>(w1_29, "w1_29.txt");
        bcd::load_weights_txt<w2_29_t, 256>(w2_29, "w2_29.txt");
        bcd::load_weights_txt<wbits_31_t, 288>(wbits_31, "wbits_31.txt");
        bcd::load_weights_txt<p0_31_t, 32>(p0_31, "p0_31.txt");
        bcd::load_weights_txt<p1_31_t, 32>(p1_31, "p1_31.txt");
        bcd::load_weights_txt<wfix_32_t, 256>(wfix_32, "wfix_32.txt");
        bcd::load_weights_txt<bias_32_t, 32>(bias_32, "bias_32.txt");
        bcd::load_weights_txt<p0_35_t, 32>(p0_35, "p0_35.txt");
        bcd::load_weights_txt<p1_35_t, 32>(p1_35, "p1_35.txt");
        bcd::load_weights_txt<p2_35_t, 32>(p2_35, "p2_35.txt");
        bcd::load_weights_txt<w1_37_t, 256>(w1_37, "w1_37.txt");
        bcd::load_weights_txt<w2_37_t, 256>(w2_37, "w2_37.txt");
        bcd::load_weights_txt<wbits_41_t, 32>(wbits_41, "wbits_41.txt");
        bcd::load_weights_txt<p0_41_t, 32>(p0_41, "p0_41.txt");
        bcd::load_weights_txt<p1_41_t, 32>(p1_41, "p1_41.txt");
        bcd::load_weights_txt<wfix_42_t, 256>(wfix_42, "wfix_42.txt");
        bcd::load_weights_txt<bias_42_t, 32>(bias_42, "bias_42.txt");
        bcd::load_weights_txt<wbits_46_t, 32>(wbits_46, "wbits_46.txt");
        bcd::load_weights_txt<p0_46_t, 32>(p0_46, "p0_46.txt");
        bcd::load_weights_txt<p1_46_t, 32>(p1_46, "p1_46.txt");
        bcd::load_weights_txt<wfix_47_t, 256>(wfix_47, "wfix_47.txt");
        bcd::load_weights_txt<bias_47_t, 32>(bias_47, "bias_47.txt");
        bcd::load_weights_txt<p0_51_t, 64>(p0_51, "p0_51.txt");
        bcd::load_weights_txt<p1_51_t, 64>(p1_51, "p1_51.txt");
        bcd::load_weights_txt<p2_51_t, 64>(p2_51, "p2_51.txt");
        bcd::load_weights_txt<p0_53_t, 64>(p0_53, "p0_53.txt");
        bcd::load_weights_txt<p1_53_t, 1>(p1_53, "p1_53.txt");
        bcd::load_weights_txt<wbits_54_t, 384>(wbits_54, "wbits_54.txt");
        bcd::load_weights_txt<p0_54_t, 192>(p0_54, "p0_54.txt");
        bcd::load_weights_txt<p1_54_t, 64>(p1_54, "p1_54.txt");
        bcd::load_weights_txt<p0_56_t, 64>(p0_56, "p0_56.txt");
        bcd::load_weights_txt<p1_56_t, 64>(p1_56, "p1_56.txt");
        bcd::load_weights_txt<p2_56_t, 64>(p2_56, "p2_56.txt");
        bcd::load_weights_txt<p0_58_t, 64>(p0_58, "p0_58.txt");
        bcd::load_weights_txt<p1_58_t, 1>(p1_58, "p1_58.txt");
        bcd::load_weights_txt<wbits_59_t, 384>(wbits_59, "wbits_59.txt");
        bcd::load_weights_txt<p0_59_t, 192>(p0_59, "p0_59.txt");
        bcd::load_weights_txt<p1_59_t, 64>(p1_59, "p1_59.txt");
        bcd::load_weights_txt<p0_61_t, 64>(p0_61, "p0_61.txt");
        bcd::load_weights_txt<p1_61_t, 64>(p1_61, "p1_61.txt");
        bcd::load_weights_txt<p2_61_t, 64>(p2_61, "p2_61.txt");
        bcd::load_weights_txt<p0_63_t, 64>(p0_63, "p0_63.txt");
        bcd::load_weights_txt<p1_63_t, 1>(p1_63, "p1_63.txt");
        bcd::load_weights_txt<wbits_64_t, 384>(wbits_64, "wbits_64.txt");
        bcd::load_weights_txt<p0_64_t, 192>(p0_64, "p0_64.txt");
        bcd::load_weights_txt<p1_64_t, 64>(p1_64, "p1_64.txt");
        bcd::load_weights_txt<p0_66_t, 64>(p0_66, "p0_66.txt");
        bcd::load_weights_txt<p1_66_t, 64>(p1_66, "p1_66.txt");
        bcd::load_weights_txt<p2_66_t, 64>(p2_66, "p2_66.txt");
        bcd::load_weights_txt<p0_68_t, 64>(p0_68, "p0_68.txt");
        bcd::load_weights_txt<p1_68_t, 1>(p1_68, "p1_68.txt");
        bcd::load_weights_txt<wbits_70_t, 128>(wbits_70, "wbits_70.txt");
        bcd::load_weights_txt<p0_70_t, 64>(p0_70, "p0_70.txt");
        bcd::load_weights_txt<p1_70_t, 64>(p1_70, "p1_70.txt");
        bcd::load_weights_txt<p0_72_t, 64>(p0_72, "p0_72.txt");
        bcd::load_weights_txt<p1_72_t, 64>(p1_72, "p1_72.txt");
        bcd::load_weights_txt<p2_72_t, 64>(p2_72, "p2_72.txt");
        bcd::load_weights_txt<wfix_74_t, 640>(wfix_74, "wfix_74.txt");
        bcd::load_weights_txt<bias_74_t, 10>(bias_74, "bias_74.txt");
        loaded_weights = true;    }
#endif
    // ****************************************
    // NETWORK INSTANTIATION
    // ****************************************

    // hls-fpga-machine-learning insert layers

    hls::stream<layer2_t> layer2_out("layer2_out");
    #pragma HLS STREAM variable=layer2_out depth=4

    hls::stream<layer3_t> layer3_out("layer3_out");
    #pragma HLS STREAM variable=layer3_out depth=4

    hls::stream<layer3_t_1> layer3_out_1("layer3_out_1");
    #pragma HLS STREAM variable=layer3_out_1 depth=4

    hls::stream<layer4_t> layer4_out("layer4_out");
    #pragma HLS STREAM variable=layer4_out depth=2

    hls::stream<layer5_t> layer5_out("layer5_out");
    #pragma HLS STREAM variable=layer5_out depth=2

    hls::stream<layer5_t_1> layer5_out_1("layer5_out_1");
    #pragma HLS STREAM variable=layer5_out_1 depth=4

    hls::stream<layer6_t> layer6_out("layer6_out");
    #pragma HLS STREAM variable=layer6_out depth=2

    hls::stream<layer7_t> layer7_out("layer7_out");
    #pragma HLS STREAM variable=layer7_out depth=4

    hls::stream<layer8_t> layer8_out("layer8_out");
    #pragma HLS STREAM variable=layer8_out depth=2

    hls::stream<layer9_t> layer9_out("layer9_out");
    #pragma HLS STREAM variable=layer9_out depth=128

    hls::stream<layer10_t> layer10_out("layer10_out");
    #pragma HLS STREAM variable=layer10_out depth=2

    hls::stream<layer11_t> layer11_out("layer11_out");
    #pragma HLS STREAM variable=layer11_out depth=2

    hls::stream<layer12_t> layer12_out("layer12_out");
    #pragma HLS STREAM variable=layer12_out depth=2

    hls::stream<layer12_t_1> layer12_out_1("layer12_out_1");
    #pragma HLS STREAM variable=layer12_out_1 depth=128

    hls::stream<layer12_t_2> layer12_out_2("layer12_out_2");
    #pragma HLS STREAM variable=layer12_out_2 depth=128

    hls::stream<layer13_t> layer13_out("layer13_out");
    #pragma HLS STREAM variable=layer13_out depth=2

    hls::stream<layer13_t_1> layer13_out_1("layer13_out_1");
    #pragma HLS STREAM variable=layer13_out_1 depth=4

    hls::stream<layer14_t> layer14_out("layer14_out");
    #pragma HLS STREAM variable=layer14_out depth=2

    hls::stream<layer14_t_1> layer14_out_1("layer14_out_1");
    #pragma HLS STREAM variable=layer14_out_1 depth=2

    hls::stream<layer15_t> layer15_out("layer15_out");
    #pragma HLS STREAM variable=layer15_out depth=4

    hls::stream<layer15_t_1> layer15_out_1("layer15_out_1");
    #pragma HLS STREAM variable=layer15_out_1 depth=4

    hls::stream<layer16_t> layer16_out("layer16_out");
    #pragma HLS STREAM variable=layer16_out depth=2

    hls::stream<layer17_t> layer17_out("layer17_out");
    #pragma HLS STREAM variable=layer17_out depth=2

    hls::stream<layer18_t> layer18_out("layer18_out");
    #pragma HLS STREAM variable=layer18_out depth=4

    hls::stream<layer19_t> layer19_out("layer19_out");
    #pragma HLS STREAM variable=layer19_out depth=2

    hls::stream<layer20_t> layer20_out("layer20_out");
    #pragma HLS STREAM variable=layer20_out depth=2

    hls::stream<layer21_t> layer21_out("layer21_out");
    #pragma HLS STREAM variable=layer21_out depth=2

    hls::stream<layer22_t> layer22_out("layer22_out");
    #pragma HLS STREAM variable=layer22_out depth=2

    hls::stream<layer23_t> layer23_out("layer23_out");
    #pragma HLS STREAM variable=layer23_out depth=4

    hls::stream<layer24_t> layer24_out("layer24_out");
    #pragma HLS STREAM variable=layer24_out depth=2

    hls::stream<layer25_t> layer25_out("layer25_out");
    #pragma HLS STREAM variable=layer25_out depth=2

    hls::stream<layer26_t> layer26_out("layer26_out");
    #pragma HLS STREAM variable=layer26_out depth=4

    hls::stream<layer27_t> layer27_out("layer27_out");
    #pragma HLS STREAM variable=layer27_out depth=4

    hls::stream<layer28_t> layer28_out("layer28_out");
    #pragma HLS STREAM variable=layer28_out depth=4

    hls::stream<layer28_t_1> layer28_out_1("layer28_out_1");
    #pragma HLS STREAM variable=layer28_out_1 depth=4

    hls::stream<layer29_t> layer29_out("layer29_out");
    #pragma HLS STREAM variable=layer29_out depth=4

    hls::stream<layer29_t_1> layer29_out_1("layer29_out_1");
    #pragma HLS STREAM variable=layer29_out_1 depth=8

    hls::stream<layer30_t> layer30_out("layer30_out");
    #pragma HLS STREAM variable=layer30_out depth=64

    hls::stream<layer31_t> layer31_out("layer31_out");
    #pragma HLS STREAM variable=layer31_out depth=4

    hls::stream<layer32_t> layer32_out("layer32_out");
    #pragma HLS STREAM variable=layer32_out depth=8

    hls::stream<layer33_t> layer33_out("layer33_out");
    #pragma HLS STREAM variable=layer33_out depth=4

    hls::stream<layer34_t> layer34_out("layer34_out");
    #pragma HLS STREAM variable=layer34_out depth=4

    hls::stream<layer35_t> layer35_out("layer35_out");
    #pragma HLS STREAM variable=layer35_out depth=4

    hls::stream<layer36_t> layer36_out("layer36_out");
    #pragma HLS STREAM variable=layer36_out depth=4

    hls::stream<layer36_t_1> layer36_out_1("layer36_out_1");
    #pragma HLS STREAM variable=layer36_out_1 depth=64

    hls::stream<layer36_t_2> layer36_out_2("layer36_out_2");
    #pragma HLS STREAM variable=layer36_out_2 depth=64

    hls::stream<layer37_t> layer37_out("layer37_out");
    #pragma HLS STREAM variable=layer37_out depth=4

    hls::stream<layer37_t_1> layer37_out_1("layer37_out_1");
    #pragma HLS STREAM variable=layer37_out_1 depth=8

    hls::stream<layer38_t> layer38_out("layer38_out");
    #pragma HLS STREAM variable=layer38_out depth=4

    hls::stream<layer38_t_1> layer38_out_1("layer38_out_1");
    #pragma HLS STREAM variable=layer38_out_1 depth=4

    hls::stream<layer39_t> layer39_out("layer39_out");
    #pragma HLS STREAM variable=layer39_out depth=8

    hls::stream<layer39_t_1> layer39_out_1("layer39_out_1");
    #pragma HLS STREAM variable=layer39_out_1 depth=8

    hls::stream<layer40_t> layer40_out("layer40_out");
    #pragma HLS STREAM variable=layer40_out depth=2

    hls::stream<layer41_t> layer41_out("layer41_out");
    #pragma HLS STREAM variable=layer41_out depth=4

    hls::stream<layer42_t> layer42_out("layer42_out");
    #pragma HLS STREAM variable=layer42_out depth=8

    hls::stream<layer43_t> layer43_out("layer43_out");
    #pragma HLS STREAM variable=layer43_out depth=4

    hls::stream<layer44_t> layer44_out("layer44_out");
    #pragma HLS STREAM variable=layer44_out depth=4

    hls::stream<layer45_t> layer45_out("layer45_out");
    #pragma HLS STREAM variable=layer45_out depth=2

    hls::stream<layer46_t> layer46_out("layer46_out");
    #pragma HLS STREAM variable=layer46_out depth=4

    hls::stream<layer47_t> layer47_out("layer47_out");
    #pragma HLS STREAM variable=layer47_out depth=8

    hls::stream<layer48_t> layer48_out("layer48_out");
    #pragma HLS STREAM variable=layer48_out depth=4

    hls::stream<layer49_t> layer49_out("layer49_out");
    #pragma HLS STREAM variable=layer49_out depth=4

    hls::stream<layer50_t> layer50_out("layer50_out");
    #pragma HLS STREAM variable=layer50_out depth=8

    hls::stream<layer51_t> layer51_out("layer51_out");
    #pragma HLS STREAM variable=layer51_out depth=8

    hls::stream<layer52_t> layer52_out("layer52_out");
    #pragma HLS STREAM variable=layer52_out depth=8

    hls::stream<layer52_t_1> layer52_out_1("layer52_out_1");
    #pragma HLS STREAM variable=layer52_out_1 depth=128

    hls::stream<layer53_t> layer53_out("layer53_out");
    #pragma HLS STREAM variable=layer53_out depth=8

    hls::stream<layer54_t> layer54_out("layer54_out");
    #pragma HLS STREAM variable=layer54_out depth=8

    hls::stream<layer55_t> layer55_out("layer55_out");
    #pragma HLS STREAM variable=layer55_out depth=8

    hls::stream<layer56_t> layer56_out("layer56_out");
    #pragma HLS STREAM variable=layer56_out depth=8

    hls::stream<layer57_t> layer57_out("layer57_out");
    #pragma HLS STREAM variable=layer57_out depth=8

    hls::stream<layer57_t_1> layer57_out_1("layer57_out_1");
    #pragma HLS STREAM variable=layer57_out_1 depth=128

    hls::stream<layer58_t> layer58_out("layer58_out");
    #pragma HLS STREAM variable=layer58_out depth=8

    hls::stream<layer59_t> layer59_out("layer59_out");
    #pragma HLS STREAM variable=layer59_out depth=8

    hls::stream<layer60_t> layer60_out("layer60_out");
    #pragma HLS STREAM variable=layer60_out depth=8

    hls::stream<layer61_t> layer61_out("layer61_out");
    #pragma HLS STREAM variable=layer61_out depth=8

    hls::stream<layer62_t> layer62_out("layer62_out");
    #pragma HLS STREAM variable=layer62_out depth=8

    hls::stream<layer62_t_1> layer62_out_1("layer62_out_1");
    #pragma HLS STREAM variable=layer62_out_1 depth=128

    hls::stream<layer63_t> layer63_out("layer63_out");
    #pragma HLS STREAM variable=layer63_out depth=8

    hls::stream<layer64_t> layer64_out("layer64_out");
    #pragma HLS STREAM variable=layer64_out depth=8

    hls::stream<layer65_t> layer65_out("layer65_out");
    #pragma HLS STREAM variable=layer65_out depth=8

    hls::stream<layer66_t> layer66_out("layer66_out");
    #pragma HLS STREAM variable=layer66_out depth=8

    hls::stream<layer67_t> layer67_out("layer67_out");
    #pragma HLS STREAM variable=layer67_out depth=8

    hls::stream<layer67_t_1> layer67_out_1("layer67_out_1");
    #pragma HLS STREAM variable=layer67_out_1 depth=128

    hls::stream<layer68_t> layer68_out("layer68_out");
    #pragma HLS STREAM variable=layer68_out depth=8

    hls::stream<layer69_t> layer69_out("layer69_out");
    #pragma HLS STREAM variable=layer69_out depth=2

    hls::stream<layer70_t> layer70_out("layer70_out");
    #pragma HLS STREAM variable=layer70_out depth=8

    hls::stream<layer71_t> layer71_out("layer71_out");
    #pragma HLS STREAM variable=layer71_out depth=8

    hls::stream<layer72_t> layer72_out("layer72_out");
    #pragma HLS STREAM variable=layer72_out depth=8

    hls::stream<layer73_t> layer73_out("layer73_out");
    #pragma HLS STREAM variable=layer73_out depth=8

    BCD_SPAWN(bcd::conv_fixed<config2_window, config2>(x, layer2_out, wfix_2, bias_2)); // feature_0_bn1

    BCD_SPAWN(bcd::dup<config3, layer2_t>(layer2_out, layer3_out, layer3_out_1)); // feature_0_bn1__dup

    BCD_SPAWN(bcd::convert_values<config4>(layer3_out, layer4_out)); // feature_0_bn1__dup0__feature_1_sign1__cvt

    BCD_SPAWN(bcd::context_unit<config5>(layer4_out, layer5_out, layer5_out_1, w1_5, w2_5)); // feature_1_sign1

    BCD_SPAWN(bcd::xnor_conv<config6_swu, config6, bcd::stage_affine>(layer5_out, layer6_out, wbits_6, p0_6, p1_6)); // feature_1_bn1_affine

    BCD_SPAWN(bcd::dense_fixed<config7_convert, config7>(layer5_out_1, layer7_out, wfix_7, bias_7)); // feature_1_offset1_bn

    BCD_SPAWN(bcd::offset_add<config8>(layer6_out, layer7_out, layer8_out)); // feature_1_bn1

    BCD_SPAWN(bcd::convert_values<config9>(layer3_out_1, layer9_out)); // feature_0_bn1__dup1__feature_1_add__cvt

    BCD_SPAWN(bcd::add<config10>(layer8_out, layer9_out, layer10_out)); // feature_1_add

    BCD_SPAWN(bcd::eltwise<config11, bcd::op_rprelu>(layer10_out, layer11_out, p0_11, p1_11, p2_11)); // feature_1_prelu1

    BCD_SPAWN(bcd::dup<config12, layer11_t>(layer11_out, layer12_out, layer12_out_1, layer12_out_2)); // feature_1_prelu1__dup

    BCD_SPAWN(bcd::context_unit<config13>(layer12_out, layer13_out, layer13_out_1, w1_13, w2_13)); // feature_1_sign2

    BCD_SPAWN(bcd::dup<config14, layer13_t>(layer13_out, layer14_out, layer14_out_1)); // feature_1_sign2__dup

    BCD_SPAWN(bcd::dup<config15, layer13_t_1>(layer13_out_1, layer15_out, layer15_out_1)); // feature_1_context2__dup

    BCD_SPAWN(bcd::convert_bits<config16>(layer14_out, layer16_out)); // feature_1_sign2__dup0__feature_1_bn2_1_affine__cvt

    BCD_SPAWN(bcd::mvau<config17, bcd::stage_affine>(layer16_out, layer17_out, wbits_17, p0_17, p1_17)); // feature_1_bn2_1_affine

    BCD_SPAWN(bcd::dense_fixed<config18_convert, config18>(layer15_out, layer18_out, wfix_18, bias_18)); // feature_1_offset2_1_bn

    BCD_SPAWN(bcd::offset_add<config19>(layer17_out, layer18_out, layer19_out)); // feature_1_bn2_1

    BCD_SPAWN(bcd::add<config20>(layer19_out, layer12_out_1, layer20_out)); // feature_1_add_1

    BCD_SPAWN(bcd::convert_bits<config21>(layer14_out_1, layer21_out)); // feature_1_sign2__dup1__feature_1_bn2_2_affine__cvt

    BCD_SPAWN(bcd::mvau<config22, bcd::stage_affine>(layer21_out, layer22_out, wbits_22, p0_22, p1_22)); // feature_1_bn2_2_affine

    BCD_SPAWN(bcd::dense_fixed<config23_convert, config23>(layer15_out_1, layer23_out, wfix_23, bias_23)); // feature_1_offset2_2_bn

    BCD_SPAWN(bcd::offset_add<config24>(layer22_out, layer23_out, layer24_out)); // feature_1_bn2_2

    BCD_SPAWN(bcd::add<config25>(layer24_out, layer12_out_2, layer25_out)); // feature_1_add_2

    BCD_SPAWN(bcd::concat<config26>(layer20_out, layer25_out, layer26_out)); // feature_1_cat

    BCD_SPAWN(bcd::eltwise<config27, bcd::op_rprelu>(layer26_out, layer27_out, p0_27, p1_27, p2_27)); // feature_1_prelu2

    BCD_SPAWN(bcd::dup<config28, layer27_t>(layer27_out, layer28_out, layer28_out_1)); // feature_1_prelu2__dup

    BCD_SPAWN(bcd::context_unit<config29>(layer28_out, layer29_out, layer29_out_1, w1_29, w2_29)); // feature_2_sign1

    BCD_SPAWN(bcd::pool<config30, false>(layer28_out_1, layer30_out)); // feature_2_pooling

    BCD_SPAWN(bcd::xnor_conv<config31_swu, config31, bcd::stage_affine>(layer29_out, layer31_out, wbits_31, p0_31, p1_31)); // feature_2_bn1_affine

    BCD_SPAWN(bcd::dense_fixed<config32_convert, config32>(layer29_out_1, layer32_out, wfix_32, bias_32)); // feature_2_offset1_bn

    BCD_SPAWN(bcd::offset_add<config33>(layer31_out, layer32_out, layer33_out)); // feature_2_bn1

    BCD_SPAWN(bcd::add<config34>(layer33_out, layer30_out, layer34_out)); // feature_2_add

    BCD_SPAWN(bcd::eltwise<config35, bcd::op_rprelu>(layer34_out, layer35_out, p0_35, p1_35, p2_35)); // feature_2_prelu1

    BCD_SPAWN(bcd::dup<config36, layer35_t>(layer35_out, layer36_out, layer36_out_1, layer36_out_2)); // feature_2_prelu1__dup

    BCD_SPAWN(bcd::context_unit<config37>(layer36_out, layer37_out, layer37_out_1, w1_37, w2_37)); // feature_2_sign2

    BCD_SPAWN(bcd::dup<config38, layer37_t>(layer37_out, layer38_out, layer38_out_1)); // feature_2_sign2__dup

    BCD_SPAWN(bcd::dup<config39, layer37_t_1>(layer37_out_1, layer39_out, layer39_out_1)); // feature_2_context2__dup

    BCD_SPAWN(bcd::convert_bits<config40>(layer38_out, layer40_out)); // feature_2_sign2__dup0__feature_2_bn2_1_affine__cvt

    BCD_SPAWN(bcd::mvau<config41, bcd::stage_affine>(layer40_out, layer41_out, wbits_41, p0_41, p1_41)); // feature_2_bn2_1_affine

    BCD_SPAWN(bcd::dense_fixed<config42_convert, config42>(layer39_out, layer42_out, wfix_42, bias_42)); // feature_2_offset2_1_bn

    BCD_SPAWN(bcd::offset_add<config43>(layer41_out, layer42_out, layer43_out)); // feature_2_bn2_1

    BCD_SPAWN(bcd::add<config44>(layer43_out, layer36_out_1, layer44_out)); // feature_2_add_1

    BCD_SPAWN(bcd::convert_bits<config45>(layer38_out_1, layer45_out)); // feature_2_sign2__dup1__feature_2_bn2_2_affine__cvt

    BCD_SPAWN(bcd::mvau<config46, bcd::stage_affine>(layer45_out, layer46_out, wbits_46, p0_46, p1_46)); // feature_2_bn2_2_affine

    BCD_SPAWN(bcd::dense_fixed<config47_convert, config47>(layer39_out_1, layer47_out, wfix_47, bias_47)); // feature_2_offset2_2_bn

    BCD_SPAWN(bcd::offset_add<config48>(layer46_out, layer47_out, layer48_out)); // feature_2_bn2_2

    BCD_SPAWN(bcd::add<config49>(layer48_out, layer36_out_2, layer49_out)); // feature_2_add_2

    BCD_SPAWN(bcd::concat<config50>(layer44_out, layer49_out, layer50_out)); // feature_2_cat

    BCD_SPAWN(bcd::eltwise<config51, bcd::op_rprelu>(layer50_out, layer51_out, p0_51, p1_51, p2_51)); // feature_2_prelu2

    BCD_SPAWN(bcd::dup<config52, layer51_t>(layer51_out, layer52_out, layer52_out_1)); // feature_2_prelu2__dup

    BCD_SPAWN(bcd::sign<config53>(layer52_out, layer53_out, p0_53)); // mlp_layer_0_mlp_layer_0_move0

    BCD_SPAWN(bcd::shift_mlp<config54_gather, config54, bcd::stage_affine>(layer53_out, layer54_out, wbits_54, p0_54, p1_54)); // mlp_layer_0_mlp_layer_0_bn1

    BCD_SPAWN(bcd::add<config55>(layer54_out, layer52_out_1, layer55_out)); // mlp_layer_0_mlp_layer_0_add_2

    BCD_SPAWN(bcd::eltwise<config56, bcd::op_rprelu>(layer55_out, layer56_out, p0_56, p1_56, p2_56)); // mlp_layer_0_mlp_layer_0_prelu

    BCD_SPAWN(bcd::dup<config57, layer56_t>(layer56_out, layer57_out, layer57_out_1)); // mlp_layer_0_mlp_layer_0_prelu__dup

    BCD_SPAWN(bcd::sign<config58>(layer57_out, layer58_out, p0_58)); // mlp_layer_0_mlp_layer_1_move0

    BCD_SPAWN(bcd::shift_mlp<config59_gather, config59, bcd::stage_affine>(layer58_out, layer59_out, wbits_59, p0_59, p1_59)); // mlp_layer_0_mlp_layer_1_bn1

    BCD_SPAWN(bcd::add<config60>(layer59_out, layer57_out_1, layer60_out)); // mlp_layer_0_mlp_layer_1_add_2

    BCD_SPAWN(bcd::eltwise<config61, bcd::op_rprelu>(layer60_out, layer61_out, p0_61, p1_61, p2_61)); // mlp_layer_0_mlp_layer_1_prelu

    BCD_SPAWN(bcd::dup<config62, layer61_t>(layer61_out, layer62_out, layer62_out_1)); // mlp_layer_0_mlp_layer_1_prelu__dup

    BCD_SPAWN(bcd::sign<config63>(layer62_out, layer63_out, p0_63)); // mlp_layer_0_mlp_layer_2_move0

    BCD_SPAWN(bcd::shift_mlp<config64_gather, config64, bcd::stage_affine>(layer63_out, layer64_out, wbits_64, p0_64, p1_64)); // mlp_layer_0_mlp_layer_2_bn1

    BCD_SPAWN(bcd::add<config65>(layer64_out, layer62_out_1, layer65_out)); // mlp_layer_0_mlp_layer_2_add_2

    BCD_SPAWN(bcd::eltwise<config66, bcd::op_rprelu>(layer65_out, layer66_out, p0_66, p1_66, p2_66)); // mlp_layer_0_mlp_layer_2_prelu

    BCD_SPAWN(bcd::dup<config67, layer66_t>(layer66_out, layer67_out, layer67_out_1)); // mlp_layer_0_mlp_layer_2_prelu__dup

    BCD_SPAWN(bcd::sign<config68>(layer67_out, layer68_out, p0_68)); // mlp_layer_0_mlp_layer_3_move0

    BCD_SPAWN(bcd::convert_bits<config69>(layer68_out, layer69_out)); // mlp_layer_0_mlp_layer_3_move0__mlp_layer_0_mlp_layer_3_bn1__cvt

    BCD_SPAWN(bcd::mvau<config70, bcd::stage_affine>(layer69_out, layer70_out, wbits_70, p0_70, p1_70)); // mlp_layer_0_mlp_layer_3_bn1

    BCD_SPAWN(bcd::add<config71>(layer70_out, layer67_out_1, layer71_out)); // mlp_layer_0_mlp_layer_3_add

    BCD_SPAWN(bcd::eltwise<config72, bcd::op_rprelu>(layer71_out, layer72_out, p0_72, p1_72, p2_72)); // mlp_layer_0_mlp_layer_3_prelu

    BCD_SPAWN(bcd::gap<config73>(layer72_out, layer73_out)); // pool1

    BCD_SPAWN(bcd::dsp_mvau<config74>(layer73_out, layer74_out, wfix_74, bias_74)); // head

}


#ifndef __SYNTHESIS__
// bcdsim csim: report weight-file problems through these instead of exiting the process
extern "C" {
void bcdsim_weights_quiet() { bcd::weights_status().quiet = true; }
const char *bcdsim_weights_error() { return bcd::weights_status().error.c_str(); }
}
#endif
