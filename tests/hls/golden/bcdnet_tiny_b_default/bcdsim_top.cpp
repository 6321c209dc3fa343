#include <iostream>

#include "bcdsim_top.h"
#include "parameters.h"


void bcdsim_top(
    hls::stream<input_t> &x,
    hls::stream<result_t> &layer99_out
) {

    // hls-fpga-machine-learning insert IO
    #pragma HLS INTERFACE axis port=x,layer99_out 
    #pragma HLS DATAFLOW

    // hls-fpga-machine-learning insert load weights
#ifndef __SYNTHESIS__
    static bool loaded_weights = false;
    if (!loaded_weights) {
        bcd::load_weights_txt<wfix_3_t, 144>(wfix_3, "wfix_3.txt");
        bcd::load_weights_txt<bias_3_t, 16>(bias_3, "bias_3.txt");
        bcd::load_weights_txt<w1_5_t, 64>(w1_5, "w1_5.txt");
        bcd::load_weights_txt<w2_5_t, 64>(w2_5, "w2_5.txt");
        bcd::load_weights_txt<wbits_8_t, 96>(wbits_8, "wbits_8.txt");
        bcd::load_weights_txt<p0_8_t, 16>(p0_8, "p0_8.txt");
        bcd::load_weights_txt<p1_8_t, 16>(p1_8, "p1_8.txt");
        bcd::load_weights_txt<wfix_10_t, 64>(wfix_10, "wfix_10.txt");
        bcd::load_weights_txt<bias_10_t, 1>(bias_10, "bias_10.txt");
        bcd::load_weights_txt<p0_14_t, 16>(p0_14, "p0_14.txt");
        bcd::load_weights_txt<p1_14_t, 16>(p1_14, "p1_14.txt");
        bcd::load_weights_txt<p2_14_t, 16>(p2_14, "p2_14.txt");
        bcd::load_weights_txt<w1_16_t, 64>(w1_16, "w1_16.txt");
        bcd::load_weights_txt<w2_16_t, 64>(w2_16, "w2_16.txt");
        bcd::load_weights_txt<wbits_20_t, 16>(wbits_20, "wbits_20.txt");
        bcd::load_weights_txt<p0_20_t, 16>(p0_20, "p0_20.txt");
        bcd::load_weights_txt<p1_20_t, 16>(p1_20, "p1_20.txt");
        bcd::load_weights_txt<wfix_22_t, 64>(wfix_22, "wfix_22.txt");
        bcd::load_weights_txt<bias_22_t, 1>(bias_22, "bias_22.txt");
        bcd::load_weights_txt<wbits_27_t, 16>(wbits_27, "wbits_27.txt");
        bcd::load_weights_txt<p0_27_t, 16>(p0_27, "p0_27.txt");
        bcd::load_weights_txt<p1_27_t, 16>(p1_27, "p1_27.txt");
        bcd::load_weights_txt<wfix_29_t, 64>(wfix_29, "wfix_29.txt");
        bcd::load_weights_txt<bias_29_t, 1>(bias_29, "bias_29.txt");
        bcd::load_weights_txt<p0_34_t, 32>(p0_34, "p0_34.txt");
        bcd::load_weights_txt<p1_34_t, 32>(p1_34, "p1_34.txt");
        bcd::load_weights_txt<p2_34_t, 32>(p2_34, "p2_34.txt");
        bcd::load_weights_txt<w1_36_t, 256>(w1_36, "w1_36.txt");
        bcd::load_weights_txt<w2_36_t, 256>(w2_36, "w2_36.txt");
        bcd::load_weights_txt<wbits_40_t, 288>(wbits_40, "wbits_40.txt");
        bcd::load_weights_txt<p0_40_t, 32>(p0_40, "p0_40.txt");
        bcd::load_weights_txt<p1_40_t, 32>(p1_40, "p1_40.txt");
        bcd::load_weights_txt<wfix_42_t, 256>(wfix_42, "wfix_42.txt");
        bcd::load_weights_txt<bias_42_t, 1>(bias_42, "bias_42.txt");
        bcd::load_weights_txt<p0_46_t, 32>(p0_46, "p0_46.txt");
        bcd::load_weights_txt<p1_46_t, 32>(p1_46, "p1_46.txt");
        bcd::load_weights_txt<p2_46_t, 32>(p2_46, "p2_46.txt");
        bcd::load_weights_txt<w1_48_t, 256>(w1_48, "w1_48.txt");
        bcd::load_weights_txt<w2_48_t, 256>(w2_48, "w2_48.txt");
        bcd::load_weights_txt<wbits_52_t, 32>(wbits_52, "wbits_52.txt");
        bcd::load_weights_txt<p0_52_t, 32>(p0_52, "p0_52.txt");
        bcd::load_weights_txt<p1_52_t, 32>(p1_52, "p1_52.txt");
        bcd::load_weights_txt<wfix_54_t, 256>(wfix_54, "wfix_54.txt");
        bcd::load_weights_txt<bias_54_t, 1>(bias_54, "bias_54.txt");
        bcd::load_weights_txt<wbits_59_t, 32>(wbits_59, "wbits_59.txt");
        bcd::load_weights_txt<p0_59_t, 32>(p0_59, "p0_59.txt");
        bcd::load_weights_txt<p1_59_t, 32>(p1_59, "p1_59.txt");
        bcd::load_weights_txt<wfix_61_t, 256>(wfix_61, "wfix_61.txt");
        bcd::load_weights_txt<bias_61_t, 1>(bias_61, "bias_61.txt");
        bcd::load_weights_txt<p0_66_t, 64>(p0_66, "p0_66.txt");
        bcd::load_weights_txt<p1_66_t, 64>(p1_66, "p1_66.txt");
        bcd::load_weights_txt<p2_66_t, 64>(p2_66, "p2_66.txt");
        bcd::load_weights_txt<p0_68_t, 64>(p0_68, "p0_68.txt");
        bcd::load_weights_txt<p1_68_t, 1>(p1_68, "p1_68.txt");
        bcd::load_weights_txt<wbits_71_t, 768>(wbits_71, "wbits_71.txt");
        bcd::load_weights_txt<p0_71_t, 192>(p0_71, "p0_71.txt");
        bcd::load_weights_txt<p1_71_t, 64>(p1_71, "p1_71.txt");
        bcd::load_weights_txt<p0_74_t, 64>(p0_74, "p0_74.txt");
        bcd::load_weights_txt<p1_74_t, 64>(p1_74, "p1_74.txt");
        bcd::load_weights_txt<p2_74_t, 64>(p2_74, "p2_74.txt");
        bcd::load_weights_txt<p0_76_t, 64>(p0_76, "p0_76.txt");
        bcd::load_weights_txt<p1_76_t, 1>(p1_76, "p1_76.txt");
        bcd::load_weights_txt<wbits_79_t, 768>(wbits_79, "wbits_79.txt");
        bcd::load_weights_txt<p0_79_t, 192>(p0_79, "p0_79.txt");
        bcd::load_weights_txt<p1_79_t, 64>(p1_79, "p1_79.txt");
        bcd::load_weights_txt<p0_82_t, 64>(p0_82, "p0_82.txt");
        bcd::load_weights_txt<p1_82_t, 64>(p1_82, "p1_82.txt");
        bcd::load_weights_txt<p2_82_t, 64>(p2_82, "p2_82.txt");
        bcd::load_weights_txt<p0_84_t, 64>(p0_84, "p0_84.txt");
        bcd::load_weights_txt<p1_84_t, 1>(p1_84, "p1_84.txt");
        bcd::load_weights_txt<wbits_87_t, 768>(wbits_87, "wbits_87.txt");
        bcd::load_weights_txt<p0_87_t, 192>(p0_87, "p0_87.txt");
        bcd::load_weights_txt<p1_87_t, 64>(p1_87, "p1_87.txt");
        bcd::load_weights_txt<p0_90_t, 64>(p0_90, "p0_90.txt");
        bcd::load_weights_txt<p1_90_t, 64>(p1_90, "p1_90.txt");
        bcd::load_weights_txt<p2_90_t, 64>(p2_90, "p2_90.txt");
        bcd::load_weights_txt<p0_92_t, 64>(p0_92, "p0_92.txt");
        bcd::load_weights_txt<p1_92_t, 1>(p1_92, "p1_92.txt");
        bcd::load_weights_txt<wbits_94_t, 128>(wbits_94, "wbits_94.txt");
        bcd::load_weights_txt<p0_94_t, 64>(p0_94, "p0_94.txt");
        bcd::load_weights_txt<p1_94_t, 64>(p1_94, "p1_94.txt");
        bcd::load_weights_txt<p0_97_t, 64>(p0_97, "p0_97.txt");
        bcd::load_weights_txt<p1_97_t, 64>(p1_97, "p1_97.txt");
        bcd::load_weights_txt<p2_97_t, 64>(p2_97, "p2_97.txt");
        bcd::load_weights_txt<wfix_99_t, 640>(wfix_99, "wfix_99.txt");
        bcd::load_weights_txt<bias_99_t, 10>(bias_99, "bias_99.txt");
        loaded_weights = true;    }
#endif
    // ****************************************
    // NETWORK INSTANTIATION
    // ****************************************

    // hls-fpga-machine-learning insert layers

    hls::stream<layer2_t> layer2_out("feature_0_bn1__window__to__feature_0_bn1");
    #pragma HLS BIND_STORAGE variable=layer2_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer2_out, 2);
    #pragma HLS STREAM variable=layer2_out depth=2

    hls::stream<layer3_t> layer3_out("feature_0_bn1__to__feature_0_bn1__fork");
    #pragma HLS BIND_STORAGE variable=layer3_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer3_out, 2);
    #pragma HLS STREAM variable=layer3_out depth=2

    hls::stream<layer4_t> layer4_out("feature_0_bn1__fork__to__feature_1_sign1__scan");
    #pragma HLS BIND_STORAGE variable=layer4_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer4_out, 2);
    #pragma HLS STREAM variable=layer4_out depth=2

    hls::stream<layer4_t_1> layer4_out_1("feature_0_bn1__fork__to__feature_1_add");
    #pragma HLS BIND_STORAGE variable=layer4_out_1 type=fifo impl=bram
    BCD_FIFO_DEPTH(layer4_out_1, 128);
    #pragma HLS STREAM variable=layer4_out_1 depth=128

    hls::stream<layer5_t> layer5_out("feature_1_sign1__to__feature_1_sign1__cvt__feature_1_binary_3x3_popcount__window");
    #pragma HLS BIND_STORAGE variable=layer5_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer5_out, 2);
    #pragma HLS STREAM variable=layer5_out depth=2

    hls::stream<layer5_t_1> layer5_out_1("feature_1_sign1__scan__to__feature_1_context1__cvt__feature_1_offset1_bn");
    #pragma HLS BIND_STORAGE variable=layer5_out_1 type=fifo impl=srl
    BCD_FIFO_DEPTH(layer5_out_1, 2);
    #pragma HLS STREAM variable=layer5_out_1 depth=2

    hls::stream<layer6_t> layer6_out("feature_1_sign1__cvt__feature_1_binary_3x3_popcount__window__to__feature_1_binary_3x3_popcount__window");
    #pragma HLS BIND_STORAGE variable=layer6_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer6_out, 17);
    #pragma HLS STREAM variable=layer6_out depth=17

    hls::stream<layer7_t> layer7_out("feature_1_binary_3x3_popcount__window__to__feature_1_binary_3x3_popcount");
    #pragma HLS BIND_STORAGE variable=layer7_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer7_out, 2);
    #pragma HLS STREAM variable=layer7_out depth=2

    hls::stream<layer8_t> layer8_out("feature_1_binary_3x3_popcount__to__feature_1_bn1_affine__cvt__feature_1_bn1");
    #pragma HLS BIND_STORAGE variable=layer8_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer8_out, 2);
    #pragma HLS STREAM variable=layer8_out depth=2

    hls::stream<layer9_t> layer9_out("feature_1_context1__cvt__feature_1_offset1_bn__to__feature_1_offset1_bn");
    #pragma HLS BIND_STORAGE variable=layer9_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer9_out, 2);
    #pragma HLS STREAM variable=layer9_out depth=2

    hls::stream<layer10_t> layer10_out("feature_1_offset1_bn__to__feature_1_bn1");
    #pragma HLS BIND_STORAGE variable=layer10_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer10_out, 2);
    #pragma HLS STREAM variable=layer10_out depth=2

    hls::stream<layer11_t> layer11_out("feature_1_bn1_affine__cvt__feature_1_bn1__to__feature_1_bn1");
    #pragma HLS BIND_STORAGE variable=layer11_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer11_out, 2);
    #pragma HLS STREAM variable=layer11_out depth=2

    hls::stream<layer12_t> layer12_out("feature_1_bn1__to__feature_1_add");
    #pragma HLS BIND_STORAGE variable=layer12_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer12_out, 2);
    #pragma HLS STREAM variable=layer12_out depth=2

    hls::stream<layer13_t> layer13_out("feature_1_add__to__feature_1_prelu1");
    #pragma HLS BIND_STORAGE variable=layer13_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer13_out, 2);
    #pragma HLS STREAM variable=layer13_out depth=2

    hls::stream<layer14_t> layer14_out("feature_1_prelu1__to__feature_1_prelu1__fork");
    #pragma HLS BIND_STORAGE variable=layer14_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer14_out, 2);
    #pragma HLS STREAM variable=layer14_out depth=2

    hls::stream<layer15_t> layer15_out("feature_1_prelu1__fork__to__feature_1_sign2__scan");
    #pragma HLS BIND_STORAGE variable=layer15_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer15_out, 2);
    #pragma HLS STREAM variable=layer15_out depth=2

    hls::stream<layer15_t_1> layer15_out_1("feature_1_prelu1__fork__to__feature_1_add_1");
    #pragma HLS BIND_STORAGE variable=layer15_out_1 type=fifo impl=bram
    BCD_FIFO_DEPTH(layer15_out_1, 128);
    #pragma HLS STREAM variable=layer15_out_1 depth=128

    hls::stream<layer15_t_2> layer15_out_2("feature_1_prelu1__fork__to__feature_1_add_2");
    #pragma HLS BIND_STORAGE variable=layer15_out_2 type=fifo impl=bram
    BCD_FIFO_DEPTH(layer15_out_2, 128);
    #pragma HLS STREAM variable=layer15_out_2 depth=128

    hls::stream<layer16_t> layer16_out("feature_1_sign2__to__feature_1_sign2__fork");
    #pragma HLS BIND_STORAGE variable=layer16_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer16_out, 2);
    #pragma HLS STREAM variable=layer16_out depth=2

    hls::stream<layer16_t_1> layer16_out_1("feature_1_sign2__scan__to__feature_1_context2__fork");
    #pragma HLS BIND_STORAGE variable=layer16_out_1 type=fifo impl=srl
    BCD_FIFO_DEPTH(layer16_out_1, 2);
    #pragma HLS STREAM variable=layer16_out_1 depth=2

    hls::stream<layer17_t> layer17_out("feature_1_context2__fork__to__feature_1_context2__cvt__feature_1_offset2_1_bn");
    #pragma HLS BIND_STORAGE variable=layer17_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer17_out, 2);
    #pragma HLS STREAM variable=layer17_out depth=2

    hls::stream<layer17_t_1> layer17_out_1("feature_1_context2__fork__to__feature_1_context2__cvt__feature_1_offset2_2_bn");
    #pragma HLS BIND_STORAGE variable=layer17_out_1 type=fifo impl=srl
    BCD_FIFO_DEPTH(layer17_out_1, 2);
    #pragma HLS STREAM variable=layer17_out_1 depth=2

    hls::stream<layer18_t> layer18_out("feature_1_sign2__fork__to__feature_1_sign2__cvt__feature_1_binary_pw_down1_popcount");
    #pragma HLS BIND_STORAGE variable=layer18_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer18_out, 2);
    #pragma HLS STREAM variable=layer18_out depth=2

    hls::stream<layer18_t_1> layer18_out_1("feature_1_sign2__fork__to__feature_1_sign2__cvt__feature_1_binary_pw_down2_popcount");
    #pragma HLS BIND_STORAGE variable=layer18_out_1 type=fifo impl=srl
    BCD_FIFO_DEPTH(layer18_out_1, 2);
    #pragma HLS STREAM variable=layer18_out_1 depth=2

    hls::stream<layer19_t> layer19_out("feature_1_sign2__cvt__feature_1_binary_pw_down1_popcount__to__feature_1_binary_pw_down1_popcount");
    #pragma HLS BIND_STORAGE variable=layer19_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer19_out, 2);
    #pragma HLS STREAM variable=layer19_out depth=2

    hls::stream<layer20_t> layer20_out("feature_1_binary_pw_down1_popcount__to__feature_1_bn2_1_affine__cvt__feature_1_bn2_1");
    #pragma HLS BIND_STORAGE variable=layer20_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer20_out, 2);
    #pragma HLS STREAM variable=layer20_out depth=2

    hls::stream<layer21_t> layer21_out("feature_1_context2__cvt__feature_1_offset2_1_bn__to__feature_1_offset2_1_bn");
    #pragma HLS BIND_STORAGE variable=layer21_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer21_out, 2);
    #pragma HLS STREAM variable=layer21_out depth=2

    hls::stream<layer22_t> layer22_out("feature_1_offset2_1_bn__to__feature_1_bn2_1");
    #pragma HLS BIND_STORAGE variable=layer22_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer22_out, 2);
    #pragma HLS STREAM variable=layer22_out depth=2

    hls::stream<layer23_t> layer23_out("feature_1_bn2_1_affine__cvt__feature_1_bn2_1__to__feature_1_bn2_1");
    #pragma HLS BIND_STORAGE variable=layer23_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer23_out, 2);
    #pragma HLS STREAM variable=layer23_out depth=2

    hls::stream<layer24_t> layer24_out("feature_1_bn2_1__to__feature_1_add_1");
    #pragma HLS BIND_STORAGE variable=layer24_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer24_out, 2);
    #pragma HLS STREAM variable=layer24_out depth=2

    hls::stream<layer25_t> layer25_out("feature_1_add_1__to__feature_1_cat");
    #pragma HLS BIND_STORAGE variable=layer25_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer25_out, 64);
    #pragma HLS STREAM variable=layer25_out depth=64

    hls::stream<layer26_t> layer26_out("feature_1_sign2__cvt__feature_1_binary_pw_down2_popcount__to__feature_1_binary_pw_down2_popcount");
    #pragma HLS BIND_STORAGE variable=layer26_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer26_out, 2);
    #pragma HLS STREAM variable=layer26_out depth=2

    hls::stream<layer27_t> layer27_out("feature_1_binary_pw_down2_popcount__to__feature_1_bn2_2_affine__cvt__feature_1_bn2_2");
    #pragma HLS BIND_STORAGE variable=layer27_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer27_out, 2);
    #pragma HLS STREAM variable=layer27_out depth=2

    hls::stream<layer28_t> layer28_out("feature_1_context2__cvt__feature_1_offset2_2_bn__to__feature_1_offset2_2_bn");
    #pragma HLS BIND_STORAGE variable=layer28_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer28_out, 2);
    #pragma HLS STREAM variable=layer28_out depth=2

    hls::stream<layer29_t> layer29_out("feature_1_offset2_2_bn__to__feature_1_bn2_2");
    #pragma HLS BIND_STORAGE variable=layer29_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer29_out, 2);
    #pragma HLS STREAM variable=layer29_out depth=2

    hls::stream<layer30_t> layer30_out("feature_1_bn2_2_affine__cvt__feature_1_bn2_2__to__feature_1_bn2_2");
    #pragma HLS BIND_STORAGE variable=layer30_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer30_out, 2);
    #pragma HLS STREAM variable=layer30_out depth=2

    hls::stream<layer31_t> layer31_out("feature_1_bn2_2__to__feature_1_add_2");
    #pragma HLS BIND_STORAGE variable=layer31_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer31_out, 2);
    #pragma HLS STREAM variable=layer31_out depth=2

    hls::stream<layer32_t> layer32_out("feature_1_add_2__to__feature_1_cat");
    #pragma HLS BIND_STORAGE variable=layer32_out type=fifo impl=bram
    BCD_FIFO_DEPTH(layer32_out, 66);
    #pragma HLS STREAM variable=layer32_out depth=66

    hls::stream<layer33_t> layer33_out("feature_1_cat__to__feature_1_prelu2");
    #pragma HLS BIND_STORAGE variable=layer33_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer33_out, 2);
    #pragma HLS STREAM variable=layer33_out depth=2

    hls::stream<layer34_t> layer34_out("feature_1_prelu2__to__feature_1_prelu2__fork");
    #pragma HLS BIND_STORAGE variable=layer34_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer34_out, 2);
    #pragma HLS STREAM variable=layer34_out depth=2

    hls::stream<layer35_t> layer35_out("feature_1_prelu2__fork__to__feature_2_sign1__scan");
    #pragma HLS BIND_STORAGE variable=layer35_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer35_out, 2);
    #pragma HLS STREAM variable=layer35_out depth=2

    hls::stream<layer35_t_1> layer35_out_1("feature_1_prelu2__fork__to__feature_2_pooling");
    #pragma HLS BIND_STORAGE variable=layer35_out_1 type=fifo impl=srl
    BCD_FIFO_DEPTH(layer35_out_1, 2);
    #pragma HLS STREAM variable=layer35_out_1 depth=2

    hls::stream<layer36_t> layer36_out("feature_2_sign1__to__feature_2_sign1__cvt__feature_2_binary_3x3_popcount__window");
    #pragma HLS BIND_STORAGE variable=layer36_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer36_out, 2);
    #pragma HLS STREAM variable=layer36_out depth=2

    hls::stream<layer36_t_1> layer36_out_1("feature_2_sign1__scan__to__feature_2_context1__cvt__feature_2_offset1_bn");
    #pragma HLS BIND_STORAGE variable=layer36_out_1 type=fifo impl=srl
    BCD_FIFO_DEPTH(layer36_out_1, 2);
    #pragma HLS STREAM variable=layer36_out_1 depth=2

    hls::stream<layer37_t> layer37_out("feature_2_pooling__to__feature_2_add");
    #pragma HLS BIND_STORAGE variable=layer37_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer37_out, 64);
    #pragma HLS STREAM variable=layer37_out depth=64

    hls::stream<layer38_t> layer38_out("feature_2_sign1__cvt__feature_2_binary_3x3_popcount__window__to__feature_2_binary_3x3_popcount__window");
    #pragma HLS BIND_STORAGE variable=layer38_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer38_out, 5);
    #pragma HLS STREAM variable=layer38_out depth=5

    hls::stream<layer39_t> layer39_out("feature_2_binary_3x3_popcount__window__to__feature_2_binary_3x3_popcount");
    #pragma HLS BIND_STORAGE variable=layer39_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer39_out, 36);
    #pragma HLS STREAM variable=layer39_out depth=36

    hls::stream<layer40_t> layer40_out("feature_2_binary_3x3_popcount__to__feature_2_bn1_affine__cvt__feature_2_bn1");
    #pragma HLS BIND_STORAGE variable=layer40_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer40_out, 2);
    #pragma HLS STREAM variable=layer40_out depth=2

    hls::stream<layer41_t> layer41_out("feature_2_context1__cvt__feature_2_offset1_bn__to__feature_2_offset1_bn");
    #pragma HLS BIND_STORAGE variable=layer41_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer41_out, 2);
    #pragma HLS STREAM variable=layer41_out depth=2

    hls::stream<layer42_t> layer42_out("feature_2_offset1_bn__to__feature_2_bn1");
    #pragma HLS BIND_STORAGE variable=layer42_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer42_out, 4);
    #pragma HLS STREAM variable=layer42_out depth=4

    hls::stream<layer43_t> layer43_out("feature_2_bn1_affine__cvt__feature_2_bn1__to__feature_2_bn1");
    #pragma HLS BIND_STORAGE variable=layer43_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer43_out, 2);
    #pragma HLS STREAM variable=layer43_out depth=2

    hls::stream<layer44_t> layer44_out("feature_2_bn1__to__feature_2_add");
    #pragma HLS BIND_STORAGE variable=layer44_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer44_out, 2);
    #pragma HLS STREAM variable=layer44_out depth=2

    hls::stream<layer45_t> layer45_out("feature_2_add__to__feature_2_prelu1");
    #pragma HLS BIND_STORAGE variable=layer45_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer45_out, 2);
    #pragma HLS STREAM variable=layer45_out depth=2

    hls::stream<layer46_t> layer46_out("feature_2_prelu1__to__feature_2_prelu1__fork");
    #pragma HLS BIND_STORAGE variable=layer46_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer46_out, 2);
    #pragma HLS STREAM variable=layer46_out depth=2

    hls::stream<layer47_t> layer47_out("feature_2_prelu1__fork__to__feature_2_sign2__scan");
    #pragma HLS BIND_STORAGE variable=layer47_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer47_out, 2);
    #pragma HLS STREAM variable=layer47_out depth=2

    hls::stream<layer47_t_1> layer47_out_1("feature_2_prelu1__fork__to__feature_2_add_1");
    #pragma HLS BIND_STORAGE variable=layer47_out_1 type=fifo impl=srl
    BCD_FIFO_DEPTH(layer47_out_1, 64);
    #pragma HLS STREAM variable=layer47_out_1 depth=64

    hls::stream<layer47_t_2> layer47_out_2("feature_2_prelu1__fork__to__feature_2_add_2");
    #pragma HLS BIND_STORAGE variable=layer47_out_2 type=fifo impl=srl
    BCD_FIFO_DEPTH(layer47_out_2, 64);
    #pragma HLS STREAM variable=layer47_out_2 depth=64

    hls::stream<layer48_t> layer48_out("feature_2_sign2__to__feature_2_sign2__fork");
    #pragma HLS BIND_STORAGE variable=layer48_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer48_out, 2);
    #pragma HLS STREAM variable=layer48_out depth=2

    hls::stream<layer48_t_1> layer48_out_1("feature_2_sign2__scan__to__feature_2_context2__fork");
    #pragma HLS BIND_STORAGE variable=layer48_out_1 type=fifo impl=srl
    BCD_FIFO_DEPTH(layer48_out_1, 2);
    #pragma HLS STREAM variable=layer48_out_1 depth=2

    hls::stream<layer49_t> layer49_out("feature_2_context2__fork__to__feature_2_context2__cvt__feature_2_offset2_1_bn");
    #pragma HLS BIND_STORAGE variable=layer49_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer49_out, 2);
    #pragma HLS STREAM variable=layer49_out depth=2

    hls::stream<layer49_t_1> layer49_out_1("feature_2_context2__fork__to__feature_2_context2__cvt__feature_2_offset2_2_bn");
    #pragma HLS BIND_STORAGE variable=layer49_out_1 type=fifo impl=srl
    BCD_FIFO_DEPTH(layer49_out_1, 2);
    #pragma HLS STREAM variable=layer49_out_1 depth=2

    hls::stream<layer50_t> layer50_out("feature_2_sign2__fork__to__feature_2_sign2__cvt__feature_2_binary_pw_down1_popcount");
    #pragma HLS BIND_STORAGE variable=layer50_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer50_out, 2);
    #pragma HLS STREAM variable=layer50_out depth=2

    hls::stream<layer50_t_1> layer50_out_1("feature_2_sign2__fork__to__feature_2_sign2__cvt__feature_2_binary_pw_down2_popcount");
    #pragma HLS BIND_STORAGE variable=layer50_out_1 type=fifo impl=srl
    BCD_FIFO_DEPTH(layer50_out_1, 2);
    #pragma HLS STREAM variable=layer50_out_1 depth=2

    hls::stream<layer51_t> layer51_out("feature_2_sign2__cvt__feature_2_binary_pw_down1_popcount__to__feature_2_binary_pw_down1_popcount");
    #pragma HLS BIND_STORAGE variable=layer51_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer51_out, 2);
    #pragma HLS STREAM variable=layer51_out depth=2

    hls::stream<layer52_t> layer52_out("feature_2_binary_pw_down1_popcount__to__feature_2_bn2_1_affine__cvt__feature_2_bn2_1");
    #pragma HLS BIND_STORAGE variable=layer52_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer52_out, 2);
    #pragma HLS STREAM variable=layer52_out depth=2

    hls::stream<layer53_t> layer53_out("feature_2_context2__cvt__feature_2_offset2_1_bn__to__feature_2_offset2_1_bn");
    #pragma HLS BIND_STORAGE variable=layer53_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer53_out, 2);
    #pragma HLS STREAM variable=layer53_out depth=2

    hls::stream<layer54_t> layer54_out("feature_2_offset2_1_bn__to__feature_2_bn2_1");
    #pragma HLS BIND_STORAGE variable=layer54_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer54_out, 4);
    #pragma HLS STREAM variable=layer54_out depth=4

    hls::stream<layer55_t> layer55_out("feature_2_bn2_1_affine__cvt__feature_2_bn2_1__to__feature_2_bn2_1");
    #pragma HLS BIND_STORAGE variable=layer55_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer55_out, 2);
    #pragma HLS STREAM variable=layer55_out depth=2

    hls::stream<layer56_t> layer56_out("feature_2_bn2_1__to__feature_2_add_1");
    #pragma HLS BIND_STORAGE variable=layer56_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer56_out, 2);
    #pragma HLS STREAM variable=layer56_out depth=2

    hls::stream<layer57_t> layer57_out("feature_2_add_1__to__feature_2_cat");
    #pragma HLS BIND_STORAGE variable=layer57_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer57_out, 32);
    #pragma HLS STREAM variable=layer57_out depth=32

    hls::stream<layer58_t> layer58_out("feature_2_sign2__cvt__feature_2_binary_pw_down2_popcount__to__feature_2_binary_pw_down2_popcount");
    #pragma HLS BIND_STORAGE variable=layer58_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer58_out, 2);
    #pragma HLS STREAM variable=layer58_out depth=2

    hls::stream<layer59_t> layer59_out("feature_2_binary_pw_down2_popcount__to__feature_2_bn2_2_affine__cvt__feature_2_bn2_2");
    #pragma HLS BIND_STORAGE variable=layer59_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer59_out, 2);
    #pragma HLS STREAM variable=layer59_out depth=2

    hls::stream<layer60_t> layer60_out("feature_2_context2__cvt__feature_2_offset2_2_bn__to__feature_2_offset2_2_bn");
    #pragma HLS BIND_STORAGE variable=layer60_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer60_out, 2);
    #pragma HLS STREAM variable=layer60_out depth=2

    hls::stream<layer61_t> layer61_out("feature_2_offset2_2_bn__to__feature_2_bn2_2");
    #pragma HLS BIND_STORAGE variable=layer61_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer61_out, 4);
    #pragma HLS STREAM variable=layer61_out depth=4

    hls::stream<layer62_t> layer62_out("feature_2_bn2_2_affine__cvt__feature_2_bn2_2__to__feature_2_bn2_2");
    #pragma HLS BIND_STORAGE variable=layer62_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer62_out, 2);
    #pragma HLS STREAM variable=layer62_out depth=2

    hls::stream<layer63_t> layer63_out("feature_2_bn2_2__to__feature_2_add_2");
    #pragma HLS BIND_STORAGE variable=layer63_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer63_out, 2);
    #pragma HLS STREAM variable=layer63_out depth=2

    hls::stream<layer64_t> layer64_out("feature_2_add_2__to__feature_2_cat");
    #pragma HLS BIND_STORAGE variable=layer64_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer64_out, 34);
    #pragma HLS STREAM variable=layer64_out depth=34

    hls::stream<layer65_t> layer65_out("feature_2_cat__to__feature_2_prelu2");
    #pragma HLS BIND_STORAGE variable=layer65_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer65_out, 2);
    #pragma HLS STREAM variable=layer65_out depth=2

    hls::stream<layer66_t> layer66_out("feature_2_prelu2__to__feature_2_prelu2__fork");
    #pragma HLS BIND_STORAGE variable=layer66_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer66_out, 2);
    #pragma HLS STREAM variable=layer66_out depth=2

    hls::stream<layer67_t> layer67_out("feature_2_prelu2__fork__to__mlp_layer_0_mlp_layer_0_move0");
    #pragma HLS BIND_STORAGE variable=layer67_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer67_out, 2);
    #pragma HLS STREAM variable=layer67_out depth=2

    hls::stream<layer67_t_1> layer67_out_1("feature_2_prelu2__fork__to__mlp_layer_0_mlp_layer_0_add_2");
    #pragma HLS BIND_STORAGE variable=layer67_out_1 type=fifo impl=bram
    BCD_FIFO_DEPTH(layer67_out_1, 128);
    #pragma HLS STREAM variable=layer67_out_1 depth=128

    hls::stream<layer68_t> layer68_out("mlp_layer_0_mlp_layer_0_move0__to__mlp_layer_0_mlp_layer_0_move0__cvt__mlp_layer_0_mlp_layer_0_bn1_popcount__gather_in");
    #pragma HLS BIND_STORAGE variable=layer68_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer68_out, 2);
    #pragma HLS STREAM variable=layer68_out depth=2

    hls::stream<layer69_t> layer69_out("mlp_layer_0_mlp_layer_0_move0__cvt__mlp_layer_0_mlp_layer_0_bn1_popcount__gather_in__to__mlp_layer_0_mlp_layer_0_bn1_popcount__gather_in");
    #pragma HLS BIND_STORAGE variable=layer69_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer69_out, 2);
    #pragma HLS STREAM variable=layer69_out depth=2

    hls::stream<layer70_t> layer70_out("mlp_layer_0_mlp_layer_0_bn1_popcount__gather_out__to__mlp_layer_0_mlp_layer_0_bn1_popcount");
    #pragma HLS BIND_STORAGE variable=layer70_out type=fifo impl=bram
    BCD_FIFO_DEPTH(layer70_out, 144);
    #pragma HLS STREAM variable=layer70_out depth=144

    hls::stream<layer71_t> layer71_out("mlp_layer_0_mlp_layer_0_bn1_popcount__to__mlp_layer_0_mlp_layer_0_bn1__cvt__mlp_layer_0_mlp_layer_0_add_2");
    #pragma HLS BIND_STORAGE variable=layer71_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer71_out, 2);
    #pragma HLS STREAM variable=layer71_out depth=2

    hls::stream<layer72_t> layer72_out("mlp_layer_0_mlp_layer_0_bn1__cvt__mlp_layer_0_mlp_layer_0_add_2__to__mlp_layer_0_mlp_layer_0_add_2");
    #pragma HLS BIND_STORAGE variable=layer72_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer72_out, 2);
    #pragma HLS STREAM variable=layer72_out depth=2

    hls::stream<layer73_t> layer73_out("mlp_layer_0_mlp_layer_0_add_2__to__mlp_layer_0_mlp_layer_0_prelu");
    #pragma HLS BIND_STORAGE variable=layer73_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer73_out, 2);
    #pragma HLS STREAM variable=layer73_out depth=2

    hls::stream<layer74_t> layer74_out("mlp_layer_0_mlp_layer_0_prelu__to__mlp_layer_0_mlp_layer_0_prelu__fork");
    #pragma HLS BIND_STORAGE variable=layer74_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer74_out, 2);
    #pragma HLS STREAM variable=layer74_out depth=2

    hls::stream<layer75_t> layer75_out("mlp_layer_0_mlp_layer_0_prelu__fork__to__mlp_layer_0_mlp_layer_1_move0");
    #pragma HLS BIND_STORAGE variable=layer75_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer75_out, 2);
    #pragma HLS STREAM variable=layer75_out depth=2

    hls::stream<layer75_t_1> layer75_out_1("mlp_layer_0_mlp_layer_0_prelu__fork__to__mlp_layer_0_mlp_layer_1_add_2");
    #pragma HLS BIND_STORAGE variable=layer75_out_1 type=fifo impl=bram
    BCD_FIFO_DEPTH(layer75_out_1, 128);
    #pragma HLS STREAM variable=layer75_out_1 depth=128

    hls::stream<layer76_t> layer76_out("mlp_layer_0_mlp_layer_1_move0__to__mlp_layer_0_mlp_layer_1_move0__cvt__mlp_layer_0_mlp_layer_1_bn1_popcount__gather_in");
    #pragma HLS BIND_STORAGE variable=layer76_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer76_out, 2);
    #pragma HLS STREAM variable=layer76_out depth=2

    hls::stream<layer77_t> layer77_out("mlp_layer_0_mlp_layer_1_move0__cvt__mlp_layer_0_mlp_layer_1_bn1_popcount__gather_in__to__mlp_layer_0_mlp_layer_1_bn1_popcount__gather_in");
    #pragma HLS BIND_STORAGE variable=layer77_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer77_out, 2);
    #pragma HLS STREAM variable=layer77_out depth=2

    hls::stream<layer78_t> layer78_out("mlp_layer_0_mlp_layer_1_bn1_popcount__gather_out__to__mlp_layer_0_mlp_layer_1_bn1_popcount");
    #pragma HLS BIND_STORAGE variable=layer78_out type=fifo impl=bram
    BCD_FIFO_DEPTH(layer78_out, 144);
    #pragma HLS STREAM variable=layer78_out depth=144

    hls::stream<layer79_t> layer79_out("mlp_layer_0_mlp_layer_1_bn1_popcount__to__mlp_layer_0_mlp_layer_1_bn1__cvt__mlp_layer_0_mlp_layer_1_add_2");
    #pragma HLS BIND_STORAGE variable=layer79_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer79_out, 2);
    #pragma HLS STREAM variable=layer79_out depth=2

    hls::stream<layer80_t> layer80_out("mlp_layer_0_mlp_layer_1_bn1__cvt__mlp_layer_0_mlp_layer_1_add_2__to__mlp_layer_0_mlp_layer_1_add_2");
    #pragma HLS BIND_STORAGE variable=layer80_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer80_out, 2);
    #pragma HLS STREAM variable=layer80_out depth=2

    hls::stream<layer81_t> layer81_out("mlp_layer_0_mlp_layer_1_add_2__to__mlp_layer_0_mlp_layer_1_prelu");
    #pragma HLS BIND_STORAGE variable=layer81_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer81_out, 2);
    #pragma HLS STREAM variable=layer81_out depth=2

    hls::stream<layer82_t> layer82_out("mlp_layer_0_mlp_layer_1_prelu__to__mlp_layer_0_mlp_layer_1_prelu__fork");
    #pragma HLS BIND_STORAGE variable=layer82_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer82_out, 2);
    #pragma HLS STREAM variable=layer82_out depth=2

    hls::stream<layer83_t> layer83_out("mlp_layer_0_mlp_layer_1_prelu__fork__to__mlp_layer_0_mlp_layer_2_move0");
    #pragma HLS BIND_STORAGE variable=layer83_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer83_out, 2);
    #pragma HLS STREAM variable=layer83_out depth=2

    hls::stream<layer83_t_1> layer83_out_1("mlp_layer_0_mlp_layer_1_prelu__fork__to__mlp_layer_0_mlp_layer_2_add_2");
    #pragma HLS BIND_STORAGE variable=layer83_out_1 type=fifo impl=bram
    BCD_FIFO_DEPTH(layer83_out_1, 128);
    #pragma HLS STREAM variable=layer83_out_1 depth=128

    hls::stream<layer84_t> layer84_out("mlp_layer_0_mlp_layer_2_move0__to__mlp_layer_0_mlp_layer_2_move0__cvt__mlp_layer_0_mlp_layer_2_bn1_popcount__gather_in");
    #pragma HLS BIND_STORAGE variable=layer84_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer84_out, 2);
    #pragma HLS STREAM variable=layer84_out depth=2

    hls::stream<layer85_t> layer85_out("mlp_layer_0_mlp_layer_2_move0__cvt__mlp_layer_0_mlp_layer_2_bn1_popcount__gather_in__to__mlp_layer_0_mlp_layer_2_bn1_popcount__gather_in");
    #pragma HLS BIND_STORAGE variable=layer85_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer85_out, 2);
    #pragma HLS STREAM variable=layer85_out depth=2

    hls::stream<layer86_t> layer86_out("mlp_layer_0_mlp_layer_2_bn1_popcount__gather_out__to__mlp_layer_0_mlp_layer_2_bn1_popcount");
    #pragma HLS BIND_STORAGE variable=layer86_out type=fifo impl=bram
    BCD_FIFO_DEPTH(layer86_out, 144);
    #pragma HLS STREAM variable=layer86_out depth=144

    hls::stream<layer87_t> layer87_out("mlp_layer_0_mlp_layer_2_bn1_popcount__to__mlp_layer_0_mlp_layer_2_bn1__cvt__mlp_layer_0_mlp_layer_2_add_2");
    #pragma HLS BIND_STORAGE variable=layer87_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer87_out, 2);
    #pragma HLS STREAM variable=layer87_out depth=2

    hls::stream<layer88_t> layer88_out("mlp_layer_0_mlp_layer_2_bn1__cvt__mlp_layer_0_mlp_layer_2_add_2__to__mlp_layer_0_mlp_layer_2_add_2");
    #pragma HLS BIND_STORAGE variable=layer88_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer88_out, 2);
    #pragma HLS STREAM variable=layer88_out depth=2

    hls::stream<layer89_t> layer89_out("mlp_layer_0_mlp_layer_2_add_2__to__mlp_layer_0_mlp_layer_2_prelu");
    #pragma HLS BIND_STORAGE variable=layer89_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer89_out, 2);
    #pragma HLS STREAM variable=layer89_out depth=2

    hls::stream<layer90_t> layer90_out("mlp_layer_0_mlp_layer_2_prelu__to__mlp_layer_0_mlp_layer_2_prelu__fork");
    #pragma HLS BIND_STORAGE variable=layer90_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer90_out, 2);
    #pragma HLS STREAM variable=layer90_out depth=2

    hls::stream<layer91_t> layer91_out("mlp_layer_0_mlp_layer_2_prelu__fork__to__mlp_layer_0_mlp_layer_3_move0");
    #pragma HLS BIND_STORAGE variable=layer91_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer91_out, 2);
    #pragma HLS STREAM variable=layer91_out depth=2

    hls::stream<layer91_t_1> layer91_out_1("mlp_layer_0_mlp_layer_2_prelu__fork__to__mlp_layer_0_mlp_layer_3_add");
    #pragma HLS BIND_STORAGE variable=layer91_out_1 type=fifo impl=srl
    BCD_FIFO_DEPTH(layer91_out_1, 10);
    #pragma HLS STREAM variable=layer91_out_1 depth=10

    hls::stream<layer92_t> layer92_out("mlp_layer_0_mlp_layer_3_move0__to__mlp_layer_0_mlp_layer_3_move0__cvt__mlp_layer_0_mlp_layer_3_binary_conv_popcount");
    #pragma HLS BIND_STORAGE variable=layer92_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer92_out, 2);
    #pragma HLS STREAM variable=layer92_out depth=2

    hls::stream<layer93_t> layer93_out("mlp_layer_0_mlp_layer_3_move0__cvt__mlp_layer_0_mlp_layer_3_binary_conv_popcount__to__mlp_layer_0_mlp_layer_3_binary_conv_popcount");
    #pragma HLS BIND_STORAGE variable=layer93_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer93_out, 2);
    #pragma HLS STREAM variable=layer93_out depth=2

    hls::stream<layer94_t> layer94_out("mlp_layer_0_mlp_layer_3_binary_conv_popcount__to__mlp_layer_0_mlp_layer_3_bn1__cvt__mlp_layer_0_mlp_layer_3_add");
    #pragma HLS BIND_STORAGE variable=layer94_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer94_out, 3);
    #pragma HLS STREAM variable=layer94_out depth=3

    hls::stream<layer95_t> layer95_out("mlp_layer_0_mlp_layer_3_bn1__cvt__mlp_layer_0_mlp_layer_3_add__to__mlp_layer_0_mlp_layer_3_add");
    #pragma HLS BIND_STORAGE variable=layer95_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer95_out, 2);
    #pragma HLS STREAM variable=layer95_out depth=2

    hls::stream<layer96_t> layer96_out("mlp_layer_0_mlp_layer_3_add__to__mlp_layer_0_mlp_layer_3_prelu");
    #pragma HLS BIND_STORAGE variable=layer96_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer96_out, 2);
    #pragma HLS STREAM variable=layer96_out depth=2

    hls::stream<layer97_t> layer97_out("mlp_layer_0_mlp_layer_3_prelu__to__pool1");
    #pragma HLS BIND_STORAGE variable=layer97_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer97_out, 2);
    #pragma HLS STREAM variable=layer97_out depth=2

    hls::stream<layer98_t> layer98_out("pool1__to__head");
    #pragma HLS BIND_STORAGE variable=layer98_out type=fifo impl=srl
    BCD_FIFO_DEPTH(layer98_out, 2);
    #pragma HLS STREAM variable=layer98_out depth=2

    // bcdsim memory: unit=feature_0_bn1__window memory=lines role=buffer
    BCD_LOCAL nnet::array<ap_fixed<16,3,AP_RND,AP_SAT>, 1> lines_2[4][8][1];
    #pragma HLS BIND_STORAGE variable=lines_2 type=ram_2p impl=lutram
    #pragma HLS ARRAY_PARTITION variable=lines_2 complete dim=1
    #pragma HLS ARRAY_PARTITION variable=lines_2 cyclic factor=3 dim=2
    BCD_SPAWN(bcd::window<config2, ap_fixed<16,3,AP_RND,AP_SAT>>(x, layer2_out, lines_2)); // feature_0_bn1__window

    // bcdsim memory: unit=feature_0_bn1 memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wfix_3 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wfix_3 cyclic factor=24 dim=1
    // bcdsim memory: unit=feature_0_bn1 memory=bias role=params
    #pragma HLS BIND_STORAGE variable=bias_3 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=bias_3 cyclic factor=8 dim=1
    BCD_SPAWN(bcd::dsp_mvau<config3>(layer2_out, layer3_out, wfix_3, bias_3)); // feature_0_bn1

    BCD_SPAWN(bcd::dup<config4, layer3_t>(layer3_out, layer4_out, layer4_out_1)); // feature_0_bn1__fork

    // bcdsim memory: unit=feature_1_sign1__scan memory=bank role=buffer
    BCD_LOCAL nnet::array<ap_fixed<16,5,AP_RND,AP_SAT>, 8> bank_5[128];
    #pragma HLS BIND_STORAGE variable=bank_5 type=ram_2p impl=bram
    #pragma HLS STREAM variable=bank_5 type=pipo depth=2
    // bcdsim memory: unit=feature_1_sign1__scan memory=alpha role=buffer
    BCD_LOCAL ap_fixed<16,2,AP_RND,AP_SAT> alpha_5[16];
    #pragma HLS BIND_STORAGE variable=alpha_5 type=ram_2p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=alpha_5 cyclic factor=8 dim=1
    #pragma HLS STREAM variable=alpha_5 type=pipo depth=2
    // bcdsim memory: unit=feature_1_sign1__scan memory=sums role=buffer
    BCD_LOCAL ap_fixed<22,11> sums_5[16];
    #pragma HLS BIND_STORAGE variable=sums_5 type=ram_2p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=sums_5 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_1_sign1__scan memory=means role=buffer
    BCD_LOCAL ap_fixed<16,2,AP_RND,AP_SAT> means_5[16];
    #pragma HLS BIND_STORAGE variable=means_5 type=ram_2p impl=lutram
    #pragma HLS ARRAY_PARTITION variable=means_5 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_1_sign1__scan memory=e role=buffer
    BCD_LOCAL ap_fixed<16,2,AP_RND,AP_SAT> e_5[4];
    #pragma HLS BIND_STORAGE variable=e_5 type=ram_2p impl=lutram
    #pragma HLS ARRAY_PARTITION variable=e_5 cyclic factor=4 dim=1
    // bcdsim memory: unit=feature_1_sign1__scan memory=w1 role=params
    #pragma HLS BIND_STORAGE variable=w1_5 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=w1_5 cyclic factor=4 dim=1
    // bcdsim memory: unit=feature_1_sign1__scan memory=w2 role=params
    #pragma HLS BIND_STORAGE variable=w2_5 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=w2_5 cyclic factor=4 dim=1
    BCD_SPAWN(bcd::context_scan<config5, true>(layer4_out, bank_5, alpha_5, layer5_out_1, w1_5, w2_5, sums_5, means_5, e_5); bcd::context_replay<config5>(bank_5, alpha_5, layer5_out)); // feature_1_sign1__scan

    BCD_SPAWN(bcd::convert_bits<config6>(layer5_out, layer6_out)); // feature_1_sign1__cvt__feature_1_binary_3x3_popcount__window

    // bcdsim memory: unit=feature_1_binary_3x3_popcount__window memory=lines role=buffer
    BCD_LOCAL ap_uint<16> lines_7[4][8][1];
    #pragma HLS BIND_STORAGE variable=lines_7 type=ram_2p impl=lutram
    #pragma HLS ARRAY_PARTITION variable=lines_7 complete dim=1
    #pragma HLS ARRAY_PARTITION variable=lines_7 cyclic factor=3 dim=2
    BCD_SPAWN(bcd::window<config7, bcd::bit_t>(layer6_out, layer7_out, lines_7)); // feature_1_binary_3x3_popcount__window

    // bcdsim memory: unit=feature_1_binary_3x3_popcount memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wbits_8 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wbits_8 cyclic factor=32 dim=1
    // bcdsim memory: unit=feature_1_binary_3x3_popcount memory=scale role=params
    #pragma HLS BIND_STORAGE variable=p0_8 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_8 cyclic factor=16 dim=1
    // bcdsim memory: unit=feature_1_binary_3x3_popcount memory=shift role=params
    #pragma HLS BIND_STORAGE variable=p1_8 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_8 cyclic factor=16 dim=1
    BCD_SPAWN(bcd::mvau<config8, bcd::stage_affine>(layer7_out, layer8_out, wbits_8, p0_8, p1_8)); // feature_1_binary_3x3_popcount

    BCD_SPAWN(bcd::convert_values<config9>(layer5_out_1, layer9_out)); // feature_1_context1__cvt__feature_1_offset1_bn

    // bcdsim memory: unit=feature_1_offset1_bn memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wfix_10 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wfix_10 cyclic factor=32 dim=1
    BCD_SPAWN(bcd::dsp_mvau<config10>(layer9_out, layer10_out, wfix_10, bias_10)); // feature_1_offset1_bn

    BCD_SPAWN(bcd::convert_values<config11>(layer8_out, layer11_out)); // feature_1_bn1_affine__cvt__feature_1_bn1

    // bcdsim memory: unit=feature_1_bn1 memory=offsets role=buffer
    BCD_LOCAL nnet::array<ap_fixed<16,2,AP_RND,AP_SAT>, 8> offsets_12[2];
    #pragma HLS BIND_STORAGE variable=offsets_12 type=ram_2p impl=lutram
    BCD_SPAWN(bcd::offset_add<config12>(layer11_out, layer10_out, layer12_out, offsets_12)); // feature_1_bn1

    BCD_SPAWN(bcd::add<config13>(layer12_out, layer4_out_1, layer13_out)); // feature_1_add

    // bcdsim memory: unit=feature_1_prelu1 memory=bias_in role=params
    #pragma HLS BIND_STORAGE variable=p0_14 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_14 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_1_prelu1 memory=slope role=params
    #pragma HLS BIND_STORAGE variable=p1_14 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_14 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_1_prelu1 memory=bias_out role=params
    #pragma HLS BIND_STORAGE variable=p2_14 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p2_14 cyclic factor=8 dim=1
    BCD_SPAWN(bcd::eltwise<config14, bcd::op_rprelu>(layer13_out, layer14_out, p0_14, p1_14, p2_14)); // feature_1_prelu1

    BCD_SPAWN(bcd::dup<config15, layer14_t>(layer14_out, layer15_out, layer15_out_1, layer15_out_2)); // feature_1_prelu1__fork

    // bcdsim memory: unit=feature_1_sign2__scan memory=bank role=buffer
    BCD_LOCAL nnet::array<ap_fixed<16,5,AP_RND,AP_SAT>, 8> bank_16[128];
    #pragma HLS BIND_STORAGE variable=bank_16 type=ram_2p impl=bram
    #pragma HLS STREAM variable=bank_16 type=pipo depth=2
    // bcdsim memory: unit=feature_1_sign2__scan memory=alpha role=buffer
    BCD_LOCAL ap_fixed<16,2,AP_RND,AP_SAT> alpha_16[16];
    #pragma HLS BIND_STORAGE variable=alpha_16 type=ram_2p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=alpha_16 cyclic factor=8 dim=1
    #pragma HLS STREAM variable=alpha_16 type=pipo depth=2
    // bcdsim memory: unit=feature_1_sign2__scan memory=sums role=buffer
    BCD_LOCAL ap_fixed<22,11> sums_16[16];
    #pragma HLS BIND_STORAGE variable=sums_16 type=ram_2p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=sums_16 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_1_sign2__scan memory=means role=buffer
    BCD_LOCAL ap_fixed<16,2,AP_RND,AP_SAT> means_16[16];
    #pragma HLS BIND_STORAGE variable=means_16 type=ram_2p impl=lutram
    #pragma HLS ARRAY_PARTITION variable=means_16 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_1_sign2__scan memory=e role=buffer
    BCD_LOCAL ap_fixed<16,2,AP_RND,AP_SAT> e_16[4];
    #pragma HLS BIND_STORAGE variable=e_16 type=ram_2p impl=lutram
    #pragma HLS ARRAY_PARTITION variable=e_16 cyclic factor=4 dim=1
    // bcdsim memory: unit=feature_1_sign2__scan memory=w1 role=params
    #pragma HLS BIND_STORAGE variable=w1_16 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=w1_16 cyclic factor=4 dim=1
    // bcdsim memory: unit=feature_1_sign2__scan memory=w2 role=params
    #pragma HLS BIND_STORAGE variable=w2_16 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=w2_16 cyclic factor=4 dim=1
    BCD_SPAWN(bcd::context_scan<config16, true>(layer15_out, bank_16, alpha_16, layer16_out_1, w1_16, w2_16, sums_16, means_16, e_16); bcd::context_replay<config16>(bank_16, alpha_16, layer16_out)); // feature_1_sign2__scan

    BCD_SPAWN(bcd::dup<config17, layer16_t_1>(layer16_out_1, layer17_out, layer17_out_1)); // feature_1_context2__fork

    BCD_SPAWN(bcd::dup<config18, layer16_t>(layer16_out, layer18_out, layer18_out_1)); // feature_1_sign2__fork

    BCD_SPAWN(bcd::convert_bits<config19>(layer18_out, layer19_out)); // feature_1_sign2__cvt__feature_1_binary_pw_down1_popcount

    // bcdsim memory: unit=feature_1_binary_pw_down1_popcount memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wbits_20 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wbits_20 cyclic factor=16 dim=1
    // bcdsim memory: unit=feature_1_binary_pw_down1_popcount memory=scale role=params
    #pragma HLS BIND_STORAGE variable=p0_20 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_20 cyclic factor=16 dim=1
    // bcdsim memory: unit=feature_1_binary_pw_down1_popcount memory=shift role=params
    #pragma HLS BIND_STORAGE variable=p1_20 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_20 cyclic factor=16 dim=1
    BCD_SPAWN(bcd::mvau<config20, bcd::stage_affine>(layer19_out, layer20_out, wbits_20, p0_20, p1_20)); // feature_1_binary_pw_down1_popcount

    BCD_SPAWN(bcd::convert_values<config21>(layer17_out, layer21_out)); // feature_1_context2__cvt__feature_1_offset2_1_bn

    // bcdsim memory: unit=feature_1_offset2_1_bn memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wfix_22 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wfix_22 cyclic factor=32 dim=1
    BCD_SPAWN(bcd::dsp_mvau<config22>(layer21_out, layer22_out, wfix_22, bias_22)); // feature_1_offset2_1_bn

    BCD_SPAWN(bcd::convert_values<config23>(layer20_out, layer23_out)); // feature_1_bn2_1_affine__cvt__feature_1_bn2_1

    // bcdsim memory: unit=feature_1_bn2_1 memory=offsets role=buffer
    BCD_LOCAL nnet::array<ap_fixed<16,2,AP_RND,AP_SAT>, 8> offsets_24[2];
    #pragma HLS BIND_STORAGE variable=offsets_24 type=ram_2p impl=lutram
    BCD_SPAWN(bcd::offset_add<config24>(layer23_out, layer22_out, layer24_out, offsets_24)); // feature_1_bn2_1

    BCD_SPAWN(bcd::add<config25>(layer24_out, layer15_out_1, layer25_out)); // feature_1_add_1

    BCD_SPAWN(bcd::convert_bits<config26>(layer18_out_1, layer26_out)); // feature_1_sign2__cvt__feature_1_binary_pw_down2_popcount

    // bcdsim memory: unit=feature_1_binary_pw_down2_popcount memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wbits_27 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wbits_27 cyclic factor=16 dim=1
    // bcdsim memory: unit=feature_1_binary_pw_down2_popcount memory=scale role=params
    #pragma HLS BIND_STORAGE variable=p0_27 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_27 cyclic factor=16 dim=1
    // bcdsim memory: unit=feature_1_binary_pw_down2_popcount memory=shift role=params
    #pragma HLS BIND_STORAGE variable=p1_27 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_27 cyclic factor=16 dim=1
    BCD_SPAWN(bcd::mvau<config27, bcd::stage_affine>(layer26_out, layer27_out, wbits_27, p0_27, p1_27)); // feature_1_binary_pw_down2_popcount

    BCD_SPAWN(bcd::convert_values<config28>(layer17_out_1, layer28_out)); // feature_1_context2__cvt__feature_1_offset2_2_bn

    // bcdsim memory: unit=feature_1_offset2_2_bn memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wfix_29 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wfix_29 cyclic factor=32 dim=1
    BCD_SPAWN(bcd::dsp_mvau<config29>(layer28_out, layer29_out, wfix_29, bias_29)); // feature_1_offset2_2_bn

    BCD_SPAWN(bcd::convert_values<config30>(layer27_out, layer30_out)); // feature_1_bn2_2_affine__cvt__feature_1_bn2_2

    // bcdsim memory: unit=feature_1_bn2_2 memory=offsets role=buffer
    BCD_LOCAL nnet::array<ap_fixed<16,2,AP_RND,AP_SAT>, 8> offsets_31[2];
    #pragma HLS BIND_STORAGE variable=offsets_31 type=ram_2p impl=lutram
    BCD_SPAWN(bcd::offset_add<config31>(layer30_out, layer29_out, layer31_out, offsets_31)); // feature_1_bn2_2

    BCD_SPAWN(bcd::add<config32>(layer31_out, layer15_out_2, layer32_out)); // feature_1_add_2

    BCD_SPAWN(bcd::concat<config33>(layer25_out, layer32_out, layer33_out)); // feature_1_cat

    // bcdsim memory: unit=feature_1_prelu2 memory=bias_in role=params
    #pragma HLS BIND_STORAGE variable=p0_34 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_34 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_1_prelu2 memory=slope role=params
    #pragma HLS BIND_STORAGE variable=p1_34 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_34 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_1_prelu2 memory=bias_out role=params
    #pragma HLS BIND_STORAGE variable=p2_34 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p2_34 cyclic factor=8 dim=1
    BCD_SPAWN(bcd::eltwise<config34, bcd::op_rprelu>(layer33_out, layer34_out, p0_34, p1_34, p2_34)); // feature_1_prelu2

    BCD_SPAWN(bcd::dup<config35, layer34_t>(layer34_out, layer35_out, layer35_out_1)); // feature_1_prelu2__fork

    // bcdsim memory: unit=feature_2_sign1__scan memory=bank role=buffer
    BCD_LOCAL nnet::array<ap_fixed<16,6,AP_RND,AP_SAT>, 8> bank_36[256];
    #pragma HLS BIND_STORAGE variable=bank_36 type=ram_2p impl=bram
    #pragma HLS STREAM variable=bank_36 type=pipo depth=2
    // bcdsim memory: unit=feature_2_sign1__scan memory=alpha role=buffer
    BCD_LOCAL ap_fixed<16,2,AP_RND,AP_SAT> alpha_36[32];
    #pragma HLS BIND_STORAGE variable=alpha_36 type=ram_2p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=alpha_36 cyclic factor=8 dim=1
    #pragma HLS STREAM variable=alpha_36 type=pipo depth=2
    // bcdsim memory: unit=feature_2_sign1__scan memory=sums role=buffer
    BCD_LOCAL ap_fixed<22,12> sums_36[32];
    #pragma HLS BIND_STORAGE variable=sums_36 type=ram_2p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=sums_36 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_2_sign1__scan memory=means role=buffer
    BCD_LOCAL ap_fixed<16,3,AP_RND,AP_SAT> means_36[32];
    #pragma HLS BIND_STORAGE variable=means_36 type=ram_2p impl=lutram
    #pragma HLS ARRAY_PARTITION variable=means_36 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_2_sign1__scan memory=e role=buffer
    BCD_LOCAL ap_fixed<16,3,AP_RND,AP_SAT> e_36[8];
    #pragma HLS BIND_STORAGE variable=e_36 type=ram_2p impl=lutram
    #pragma HLS ARRAY_PARTITION variable=e_36 cyclic factor=4 dim=1
    // bcdsim memory: unit=feature_2_sign1__scan memory=w1 role=params
    #pragma HLS BIND_STORAGE variable=w1_36 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=w1_36 cyclic factor=4 dim=1
    // bcdsim memory: unit=feature_2_sign1__scan memory=w2 role=params
    #pragma HLS BIND_STORAGE variable=w2_36 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=w2_36 cyclic factor=4 dim=1
    BCD_SPAWN(bcd::context_scan<config36, true>(layer35_out, bank_36, alpha_36, layer36_out_1, w1_36, w2_36, sums_36, means_36, e_36); bcd::context_replay<config36>(bank_36, alpha_36, layer36_out)); // feature_2_sign1__scan

    // bcdsim memory: unit=feature_2_pooling memory=lines role=buffer
    BCD_LOCAL ap_fixed<16,6,AP_RND,AP_SAT> lines_37[2][8][32];
    #pragma HLS BIND_STORAGE variable=lines_37 type=ram_2p impl=lutram
    #pragma HLS ARRAY_PARTITION variable=lines_37 complete dim=1
    #pragma HLS ARRAY_PARTITION variable=lines_37 cyclic factor=2 dim=2
    #pragma HLS ARRAY_RESHAPE variable=lines_37 cyclic factor=8 dim=3
    BCD_SPAWN(bcd::pool<config37, false>(layer35_out_1, layer37_out, lines_37)); // feature_2_pooling

    BCD_SPAWN(bcd::convert_bits<config38>(layer36_out, layer38_out)); // feature_2_sign1__cvt__feature_2_binary_3x3_popcount__window

    // bcdsim memory: unit=feature_2_binary_3x3_popcount__window memory=lines role=buffer
    BCD_LOCAL ap_uint<32> lines_39[5][8][1];
    #pragma HLS BIND_STORAGE variable=lines_39 type=ram_2p impl=lutram
    BCD_SPAWN(bcd::window<config39, bcd::bit_t>(layer38_out, layer39_out, lines_39)); // feature_2_binary_3x3_popcount__window

    // bcdsim memory: unit=feature_2_binary_3x3_popcount memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wbits_40 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wbits_40 cyclic factor=16 dim=1
    // bcdsim memory: unit=feature_2_binary_3x3_popcount memory=scale role=params
    #pragma HLS BIND_STORAGE variable=p0_40 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_40 cyclic factor=16 dim=1
    // bcdsim memory: unit=feature_2_binary_3x3_popcount memory=shift role=params
    #pragma HLS BIND_STORAGE variable=p1_40 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_40 cyclic factor=16 dim=1
    BCD_SPAWN(bcd::mvau<config40, bcd::stage_affine>(layer39_out, layer40_out, wbits_40, p0_40, p1_40)); // feature_2_binary_3x3_popcount

    BCD_SPAWN(bcd::convert_values<config41>(layer36_out_1, layer41_out)); // feature_2_context1__cvt__feature_2_offset1_bn

    // bcdsim memory: unit=feature_2_offset1_bn memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wfix_42 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wfix_42 cyclic factor=64 dim=1
    BCD_SPAWN(bcd::dsp_mvau<config42>(layer41_out, layer42_out, wfix_42, bias_42)); // feature_2_offset1_bn

    BCD_SPAWN(bcd::convert_values<config43>(layer40_out, layer43_out)); // feature_2_bn1_affine__cvt__feature_2_bn1

    // bcdsim memory: unit=feature_2_bn1 memory=offsets role=buffer
    BCD_LOCAL nnet::array<ap_fixed<16,2,AP_RND,AP_SAT>, 8> offsets_44[4];
    #pragma HLS BIND_STORAGE variable=offsets_44 type=ram_2p impl=lutram
    BCD_SPAWN(bcd::offset_add<config44>(layer43_out, layer42_out, layer44_out, offsets_44)); // feature_2_bn1

    BCD_SPAWN(bcd::add<config45>(layer44_out, layer37_out, layer45_out)); // feature_2_add

    // bcdsim memory: unit=feature_2_prelu1 memory=bias_in role=params
    #pragma HLS BIND_STORAGE variable=p0_46 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_46 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_2_prelu1 memory=slope role=params
    #pragma HLS BIND_STORAGE variable=p1_46 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_46 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_2_prelu1 memory=bias_out role=params
    #pragma HLS BIND_STORAGE variable=p2_46 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p2_46 cyclic factor=8 dim=1
    BCD_SPAWN(bcd::eltwise<config46, bcd::op_rprelu>(layer45_out, layer46_out, p0_46, p1_46, p2_46)); // feature_2_prelu1

    BCD_SPAWN(bcd::dup<config47, layer46_t>(layer46_out, layer47_out, layer47_out_1, layer47_out_2)); // feature_2_prelu1__fork

    // bcdsim memory: unit=feature_2_sign2__scan memory=bank role=buffer
    BCD_LOCAL nnet::array<ap_fixed<16,5,AP_RND,AP_SAT>, 8> bank_48[64];
    #pragma HLS BIND_STORAGE variable=bank_48 type=ram_2p impl=bram
    #pragma HLS STREAM variable=bank_48 type=pipo depth=2
    // bcdsim memory: unit=feature_2_sign2__scan memory=alpha role=buffer
    BCD_LOCAL ap_fixed<16,2,AP_RND,AP_SAT> alpha_48[32];
    #pragma HLS BIND_STORAGE variable=alpha_48 type=ram_2p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=alpha_48 cyclic factor=8 dim=1
    #pragma HLS STREAM variable=alpha_48 type=pipo depth=2
    // bcdsim memory: unit=feature_2_sign2__scan memory=sums role=buffer
    BCD_LOCAL ap_fixed<20,9> sums_48[32];
    #pragma HLS BIND_STORAGE variable=sums_48 type=ram_2p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=sums_48 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_2_sign2__scan memory=means role=buffer
    BCD_LOCAL ap_fixed<16,3,AP_RND,AP_SAT> means_48[32];
    #pragma HLS BIND_STORAGE variable=means_48 type=ram_2p impl=lutram
    #pragma HLS ARRAY_PARTITION variable=means_48 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_2_sign2__scan memory=e role=buffer
    BCD_LOCAL ap_fixed<16,3,AP_RND,AP_SAT> e_48[8];
    #pragma HLS BIND_STORAGE variable=e_48 type=ram_2p impl=lutram
    #pragma HLS ARRAY_PARTITION variable=e_48 cyclic factor=4 dim=1
    // bcdsim memory: unit=feature_2_sign2__scan memory=w1 role=params
    #pragma HLS BIND_STORAGE variable=w1_48 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=w1_48 cyclic factor=4 dim=1
    // bcdsim memory: unit=feature_2_sign2__scan memory=w2 role=params
    #pragma HLS BIND_STORAGE variable=w2_48 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=w2_48 cyclic factor=4 dim=1
    BCD_SPAWN(bcd::context_scan<config48, true>(layer47_out, bank_48, alpha_48, layer48_out_1, w1_48, w2_48, sums_48, means_48, e_48); bcd::context_replay<config48>(bank_48, alpha_48, layer48_out)); // feature_2_sign2__scan

    BCD_SPAWN(bcd::dup<config49, layer48_t_1>(layer48_out_1, layer49_out, layer49_out_1)); // feature_2_context2__fork

    BCD_SPAWN(bcd::dup<config50, layer48_t>(layer48_out, layer50_out, layer50_out_1)); // feature_2_sign2__fork

    BCD_SPAWN(bcd::convert_bits<config51>(layer50_out, layer51_out)); // feature_2_sign2__cvt__feature_2_binary_pw_down1_popcount

    // bcdsim memory: unit=feature_2_binary_pw_down1_popcount memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wbits_52 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wbits_52 cyclic factor=16 dim=1
    // bcdsim memory: unit=feature_2_binary_pw_down1_popcount memory=scale role=params
    #pragma HLS BIND_STORAGE variable=p0_52 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_52 cyclic factor=16 dim=1
    // bcdsim memory: unit=feature_2_binary_pw_down1_popcount memory=shift role=params
    #pragma HLS BIND_STORAGE variable=p1_52 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_52 cyclic factor=16 dim=1
    BCD_SPAWN(bcd::mvau<config52, bcd::stage_affine>(layer51_out, layer52_out, wbits_52, p0_52, p1_52)); // feature_2_binary_pw_down1_popcount

    BCD_SPAWN(bcd::convert_values<config53>(layer49_out, layer53_out)); // feature_2_context2__cvt__feature_2_offset2_1_bn

    // bcdsim memory: unit=feature_2_offset2_1_bn memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wfix_54 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wfix_54 cyclic factor=64 dim=1
    BCD_SPAWN(bcd::dsp_mvau<config54>(layer53_out, layer54_out, wfix_54, bias_54)); // feature_2_offset2_1_bn

    BCD_SPAWN(bcd::convert_values<config55>(layer52_out, layer55_out)); // feature_2_bn2_1_affine__cvt__feature_2_bn2_1

    // bcdsim memory: unit=feature_2_bn2_1 memory=offsets role=buffer
    BCD_LOCAL nnet::array<ap_fixed<16,3,AP_RND,AP_SAT>, 8> offsets_56[4];
    #pragma HLS BIND_STORAGE variable=offsets_56 type=ram_2p impl=lutram
    BCD_SPAWN(bcd::offset_add<config56>(layer55_out, layer54_out, layer56_out, offsets_56)); // feature_2_bn2_1

    BCD_SPAWN(bcd::add<config57>(layer56_out, layer47_out_1, layer57_out)); // feature_2_add_1

    BCD_SPAWN(bcd::convert_bits<config58>(layer50_out_1, layer58_out)); // feature_2_sign2__cvt__feature_2_binary_pw_down2_popcount

    // bcdsim memory: unit=feature_2_binary_pw_down2_popcount memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wbits_59 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wbits_59 cyclic factor=16 dim=1
    // bcdsim memory: unit=feature_2_binary_pw_down2_popcount memory=scale role=params
    #pragma HLS BIND_STORAGE variable=p0_59 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_59 cyclic factor=16 dim=1
    // bcdsim memory: unit=feature_2_binary_pw_down2_popcount memory=shift role=params
    #pragma HLS BIND_STORAGE variable=p1_59 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_59 cyclic factor=16 dim=1
    BCD_SPAWN(bcd::mvau<config59, bcd::stage_affine>(layer58_out, layer59_out, wbits_59, p0_59, p1_59)); // feature_2_binary_pw_down2_popcount

    BCD_SPAWN(bcd::convert_values<config60>(layer49_out_1, layer60_out)); // feature_2_context2__cvt__feature_2_offset2_2_bn

    // bcdsim memory: unit=feature_2_offset2_2_bn memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wfix_61 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wfix_61 cyclic factor=64 dim=1
    BCD_SPAWN(bcd::dsp_mvau<config61>(layer60_out, layer61_out, wfix_61, bias_61)); // feature_2_offset2_2_bn

    BCD_SPAWN(bcd::convert_values<config62>(layer59_out, layer62_out)); // feature_2_bn2_2_affine__cvt__feature_2_bn2_2

    // bcdsim memory: unit=feature_2_bn2_2 memory=offsets role=buffer
    BCD_LOCAL nnet::array<ap_fixed<16,4,AP_RND,AP_SAT>, 8> offsets_63[4];
    #pragma HLS BIND_STORAGE variable=offsets_63 type=ram_2p impl=lutram
    BCD_SPAWN(bcd::offset_add<config63>(layer62_out, layer61_out, layer63_out, offsets_63)); // feature_2_bn2_2

    BCD_SPAWN(bcd::add<config64>(layer63_out, layer47_out_2, layer64_out)); // feature_2_add_2

    BCD_SPAWN(bcd::concat<config65>(layer57_out, layer64_out, layer65_out)); // feature_2_cat

    // bcdsim memory: unit=feature_2_prelu2 memory=bias_in role=params
    #pragma HLS BIND_STORAGE variable=p0_66 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_66 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_2_prelu2 memory=slope role=params
    #pragma HLS BIND_STORAGE variable=p1_66 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_66 cyclic factor=8 dim=1
    // bcdsim memory: unit=feature_2_prelu2 memory=bias_out role=params
    #pragma HLS BIND_STORAGE variable=p2_66 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p2_66 cyclic factor=8 dim=1
    BCD_SPAWN(bcd::eltwise<config66, bcd::op_rprelu>(layer65_out, layer66_out, p0_66, p1_66, p2_66)); // feature_2_prelu2

    BCD_SPAWN(bcd::dup<config67, layer66_t>(layer66_out, layer67_out, layer67_out_1)); // feature_2_prelu2__fork

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_0_move0 memory=threshold role=params
    #pragma HLS BIND_STORAGE variable=p0_68 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_68 cyclic factor=8 dim=1
    BCD_SPAWN(bcd::sign<config68>(layer67_out, layer68_out, p0_68)); // mlp_layer_0_mlp_layer_0_move0

    BCD_SPAWN(bcd::convert_bits<config69>(layer68_out, layer69_out)); // mlp_layer_0_mlp_layer_0_move0__cvt__mlp_layer_0_mlp_layer_0_bn1_popcount__gather_in

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_0_bn1_popcount__gather_in memory=bank role=buffer
    BCD_LOCAL ap_uint<16> bank_70[64];
    #pragma HLS BIND_STORAGE variable=bank_70 type=ram_2p impl=lutram
    #pragma HLS STREAM variable=bank_70 type=pipo depth=2
    BCD_SPAWN(bcd::gather_in<config70>(layer69_out, bank_70); bcd::gather_out<config70>(bank_70, layer70_out)); // mlp_layer_0_mlp_layer_0_bn1_popcount__gather_in

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_0_bn1_popcount memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wbits_71 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wbits_71 cyclic factor=16 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_0_bn1_popcount memory=scale role=params
    #pragma HLS BIND_STORAGE variable=p0_71 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_71 cyclic factor=48 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_0_bn1_popcount memory=shift role=params
    #pragma HLS BIND_STORAGE variable=p1_71 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_71 cyclic factor=16 dim=1
    BCD_SPAWN(bcd::mvau<config71, bcd::stage_affine>(layer70_out, layer71_out, wbits_71, p0_71, p1_71)); // mlp_layer_0_mlp_layer_0_bn1_popcount

    BCD_SPAWN(bcd::convert_values<config72>(layer71_out, layer72_out)); // mlp_layer_0_mlp_layer_0_bn1__cvt__mlp_layer_0_mlp_layer_0_add_2

    BCD_SPAWN(bcd::add<config73>(layer72_out, layer67_out_1, layer73_out)); // mlp_layer_0_mlp_layer_0_add_2

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_0_prelu memory=bias_in role=params
    #pragma HLS BIND_STORAGE variable=p0_74 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_74 cyclic factor=8 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_0_prelu memory=slope role=params
    #pragma HLS BIND_STORAGE variable=p1_74 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_74 cyclic factor=8 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_0_prelu memory=bias_out role=params
    #pragma HLS BIND_STORAGE variable=p2_74 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p2_74 cyclic factor=8 dim=1
    BCD_SPAWN(bcd::eltwise<config74, bcd::op_rprelu>(layer73_out, layer74_out, p0_74, p1_74, p2_74)); // mlp_layer_0_mlp_layer_0_prelu

    BCD_SPAWN(bcd::dup<config75, layer74_t>(layer74_out, layer75_out, layer75_out_1)); // mlp_layer_0_mlp_layer_0_prelu__fork

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_1_move0 memory=threshold role=params
    #pragma HLS BIND_STORAGE variable=p0_76 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_76 cyclic factor=8 dim=1
    BCD_SPAWN(bcd::sign<config76>(layer75_out, layer76_out, p0_76)); // mlp_layer_0_mlp_layer_1_move0

    BCD_SPAWN(bcd::convert_bits<config77>(layer76_out, layer77_out)); // mlp_layer_0_mlp_layer_1_move0__cvt__mlp_layer_0_mlp_layer_1_bn1_popcount__gather_in

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_1_bn1_popcount__gather_in memory=bank role=buffer
    BCD_LOCAL ap_uint<16> bank_78[64];
    #pragma HLS BIND_STORAGE variable=bank_78 type=ram_2p impl=lutram
    #pragma HLS STREAM variable=bank_78 type=pipo depth=2
    BCD_SPAWN(bcd::gather_in<config78>(layer77_out, bank_78); bcd::gather_out<config78>(bank_78, layer78_out)); // mlp_layer_0_mlp_layer_1_bn1_popcount__gather_in

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_1_bn1_popcount memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wbits_79 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wbits_79 cyclic factor=16 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_1_bn1_popcount memory=scale role=params
    #pragma HLS BIND_STORAGE variable=p0_79 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_79 cyclic factor=48 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_1_bn1_popcount memory=shift role=params
    #pragma HLS BIND_STORAGE variable=p1_79 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_79 cyclic factor=16 dim=1
    BCD_SPAWN(bcd::mvau<config79, bcd::stage_affine>(layer78_out, layer79_out, wbits_79, p0_79, p1_79)); // mlp_layer_0_mlp_layer_1_bn1_popcount

    BCD_SPAWN(bcd::convert_values<config80>(layer79_out, layer80_out)); // mlp_layer_0_mlp_layer_1_bn1__cvt__mlp_layer_0_mlp_layer_1_add_2

    BCD_SPAWN(bcd::add<config81>(layer80_out, layer75_out_1, layer81_out)); // mlp_layer_0_mlp_layer_1_add_2

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_1_prelu memory=bias_in role=params
    #pragma HLS BIND_STORAGE variable=p0_82 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_82 cyclic factor=8 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_1_prelu memory=slope role=params
    #pragma HLS BIND_STORAGE variable=p1_82 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_82 cyclic factor=8 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_1_prelu memory=bias_out role=params
    #pragma HLS BIND_STORAGE variable=p2_82 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p2_82 cyclic factor=8 dim=1
    BCD_SPAWN(bcd::eltwise<config82, bcd::op_rprelu>(layer81_out, layer82_out, p0_82, p1_82, p2_82)); // mlp_layer_0_mlp_layer_1_prelu

    BCD_SPAWN(bcd::dup<config83, layer82_t>(layer82_out, layer83_out, layer83_out_1)); // mlp_layer_0_mlp_layer_1_prelu__fork

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_2_move0 memory=threshold role=params
    #pragma HLS BIND_STORAGE variable=p0_84 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_84 cyclic factor=8 dim=1
    BCD_SPAWN(bcd::sign<config84>(layer83_out, layer84_out, p0_84)); // mlp_layer_0_mlp_layer_2_move0

    BCD_SPAWN(bcd::convert_bits<config85>(layer84_out, layer85_out)); // mlp_layer_0_mlp_layer_2_move0__cvt__mlp_layer_0_mlp_layer_2_bn1_popcount__gather_in

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_2_bn1_popcount__gather_in memory=bank role=buffer
    BCD_LOCAL ap_uint<16> bank_86[64];
    #pragma HLS BIND_STORAGE variable=bank_86 type=ram_2p impl=lutram
    #pragma HLS STREAM variable=bank_86 type=pipo depth=2
    BCD_SPAWN(bcd::gather_in<config86>(layer85_out, bank_86); bcd::gather_out<config86>(bank_86, layer86_out)); // mlp_layer_0_mlp_layer_2_bn1_popcount__gather_in

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_2_bn1_popcount memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wbits_87 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wbits_87 cyclic factor=16 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_2_bn1_popcount memory=scale role=params
    #pragma HLS BIND_STORAGE variable=p0_87 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_87 cyclic factor=48 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_2_bn1_popcount memory=shift role=params
    #pragma HLS BIND_STORAGE variable=p1_87 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_87 cyclic factor=16 dim=1
    BCD_SPAWN(bcd::mvau<config87, bcd::stage_affine>(layer86_out, layer87_out, wbits_87, p0_87, p1_87)); // mlp_layer_0_mlp_layer_2_bn1_popcount

    BCD_SPAWN(bcd::convert_values<config88>(layer87_out, layer88_out)); // mlp_layer_0_mlp_layer_2_bn1__cvt__mlp_layer_0_mlp_layer_2_add_2

    BCD_SPAWN(bcd::add<config89>(layer88_out, layer83_out_1, layer89_out)); // mlp_layer_0_mlp_layer_2_add_2

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_2_prelu memory=bias_in role=params
    #pragma HLS BIND_STORAGE variable=p0_90 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_90 cyclic factor=8 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_2_prelu memory=slope role=params
    #pragma HLS BIND_STORAGE variable=p1_90 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_90 cyclic factor=8 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_2_prelu memory=bias_out role=params
    #pragma HLS BIND_STORAGE variable=p2_90 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p2_90 cyclic factor=8 dim=1
    BCD_SPAWN(bcd::eltwise<config90, bcd::op_rprelu>(layer89_out, layer90_out, p0_90, p1_90, p2_90)); // mlp_layer_0_mlp_layer_2_prelu

    BCD_SPAWN(bcd::dup<config91, layer90_t>(layer90_out, layer91_out, layer91_out_1)); // mlp_layer_0_mlp_layer_2_prelu__fork

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_3_move0 memory=threshold role=params
    #pragma HLS BIND_STORAGE variable=p0_92 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_92 cyclic factor=8 dim=1
    BCD_SPAWN(bcd::sign<config92>(layer91_out, layer92_out, p0_92)); // mlp_layer_0_mlp_layer_3_move0

    BCD_SPAWN(bcd::convert_bits<config93>(layer92_out, layer93_out)); // mlp_layer_0_mlp_layer_3_move0__cvt__mlp_layer_0_mlp_layer_3_binary_conv_popcount

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_3_binary_conv_popcount memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wbits_94 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wbits_94 cyclic factor=32 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_3_binary_conv_popcount memory=scale role=params
    #pragma HLS BIND_STORAGE variable=p0_94 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_94 cyclic factor=16 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_3_binary_conv_popcount memory=shift role=params
    #pragma HLS BIND_STORAGE variable=p1_94 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_94 cyclic factor=16 dim=1
    BCD_SPAWN(bcd::mvau<config94, bcd::stage_affine>(layer93_out, layer94_out, wbits_94, p0_94, p1_94)); // mlp_layer_0_mlp_layer_3_binary_conv_popcount

    BCD_SPAWN(bcd::convert_values<config95>(layer94_out, layer95_out)); // mlp_layer_0_mlp_layer_3_bn1__cvt__mlp_layer_0_mlp_layer_3_add

    BCD_SPAWN(bcd::add<config96>(layer95_out, layer91_out_1, layer96_out)); // mlp_layer_0_mlp_layer_3_add

    // bcdsim memory: unit=mlp_layer_0_mlp_layer_3_prelu memory=bias_in role=params
    #pragma HLS BIND_STORAGE variable=p0_97 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p0_97 cyclic factor=8 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_3_prelu memory=slope role=params
    #pragma HLS BIND_STORAGE variable=p1_97 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p1_97 cyclic factor=8 dim=1
    // bcdsim memory: unit=mlp_layer_0_mlp_layer_3_prelu memory=bias_out role=params
    #pragma HLS BIND_STORAGE variable=p2_97 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=p2_97 cyclic factor=8 dim=1
    BCD_SPAWN(bcd::eltwise<config97, bcd::op_rprelu>(layer96_out, layer97_out, p0_97, p1_97, p2_97)); // mlp_layer_0_mlp_layer_3_prelu

    // bcdsim memory: unit=pool1 memory=sums role=buffer
    BCD_LOCAL ap_fixed<20,11> sums_98[64];
    #pragma HLS BIND_STORAGE variable=sums_98 type=ram_2p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=sums_98 cyclic factor=8 dim=1
    BCD_SPAWN(bcd::gap<config98>(layer97_out, layer98_out, sums_98)); // pool1

    // bcdsim memory: unit=head memory=weights role=weights
    #pragma HLS BIND_STORAGE variable=wfix_99 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=wfix_99 cyclic factor=40 dim=1
    // bcdsim memory: unit=head memory=bias role=params
    #pragma HLS BIND_STORAGE variable=bias_99 type=rom_1p impl=lutram
    #pragma HLS ARRAY_RESHAPE variable=bias_99 cyclic factor=5 dim=1
    BCD_SPAWN(bcd::dsp_mvau<config99>(layer98_out, layer99_out, wfix_99, bias_99)); // head

}


#ifndef __SYNTHESIS__
// bcdsim csim: report weight-file problems through these instead of exiting the process
extern "C" {
void bcdsim_weights_quiet() { bcd::weights_status().quiet = true; }
const char *bcdsim_weights_error() { return bcd::weights_status().error.c_str(); }
}
#endif
